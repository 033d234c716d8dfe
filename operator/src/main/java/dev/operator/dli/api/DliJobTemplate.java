package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The DliJob each run of a DliCronJob is. Its spec is a DliJob's; a template is not a submission,
 * so the immutability rules of a DliJob's spec are dropped from it (build-tools' CrdFinish).
 */
@ValidationRule(
    value = "!has(self.spec.flinkSql) && !has(self.spec.flinkJar)",
    message =
        "a DliCronJob runs SQL jobs and Spark batches: a Flink (streaming) job runs until stopped,"
            + " so it has no schedule; create a DliJob for it",
    fieldPath = ".spec")
@ValidationRule(
    value = "!has(self.spec.jobId)",
    message = "spec.jobTemplate.spec.jobId: a run submits its own job, it cannot adopt one",
    fieldPath = ".spec.jobId")
@ValidationRule(
    value = "!has(self.spec.cancel) || !self.spec.cancel",
    message = "spec.jobTemplate.spec.cancel: a run that is cancelled from the start never runs",
    fieldPath = ".spec.cancel")
public class DliJobTemplate {
  @JsonPropertyDescription("Labels and annotations of each run.")
  private DliJobTemplateMetadata metadata;

  @Required
  @JsonPropertyDescription(
      "The spec of each run's DliJob: sql or spark. In sql.statement, the values of sql.conf and"
          + " spark.args, ${scheduledTime} becomes the run's slot (RFC 3339, in spec.timeZone)"
          + " and ${scheduledDate} its date (yyyy-MM-dd) there; $${ is a literal ${.")
  private DliJobSpec spec;

  public DliJobTemplateMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(DliJobTemplateMetadata metadata) {
    this.metadata = metadata;
  }

  public DliJobSpec getSpec() {
    return spec;
  }

  public void setSpec(DliJobSpec spec) {
    this.spec = spec;
  }
}
