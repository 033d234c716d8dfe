package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Runs a DliJob template on a cron schedule, one DliJob per slot, as batch/v1 CronJob runs Jobs.
 */
@JsonClassDescription(
    "Runs a DliJob template on a cron schedule in a time zone: one DliJob per slot, named"
        + " <name>-<slot in minutes since the epoch> and owned by the DliCronJob (deleting it"
        + " deletes its runs). The annotation dli.operator.dev/run-now: <any value> starts one"
        + " run at once for each new value.")
@Group(DliJob.GROUP)
@Version(DliJob.VERSION)
@ShortNames("dlicj")
@Categories("dli")
@AdditionalPrinterColumn(
    name = "Schedule",
    jsonPath = ".spec.schedule",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Timezone",
    jsonPath = ".spec.timeZone",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Suspend",
    jsonPath = ".spec.suspend",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Active",
    jsonPath = ".status.active[*].name",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The runs that have not ended")
@AdditionalPrinterColumn(
    name = "Last Schedule",
    jsonPath = ".status.lastScheduleTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// A run is named <name>-<minutes since the epoch> (or <name>-now-<6 hex>): 63 characters at most.
@ValidationRule(
    value = "size(self.metadata.name) <= 52",
    message = "metadata.name: at most 52 characters, as each run's name adds a suffix of up to 11")
public class DliCronJob extends CustomResource<DliCronJobSpec, DliCronJobStatus>
    implements Namespaced {
  /** The label on each run: the name of its DliCronJob. */
  public static final String CRONJOB_LABEL = DliJob.GROUP + "/cronjob";

  /** The annotation on each run: its slot (RFC 3339, in the DliCronJob's time zone). */
  public static final String SCHEDULED_AT_ANNOTATION = DliJob.GROUP + "/scheduled-at";

  /** The annotation on a DliCronJob that starts a run for each new value. */
  public static final String RUN_NOW_ANNOTATION = DliJob.GROUP + "/run-now";

  @Override
  @Required
  @JsonPropertyDescription(
      "The schedule (schedule, timeZone), what happens to overlapping and missed runs"
          + " (concurrencyPolicy, startingDeadlineSeconds, suspend), how many ended runs to keep,"
          + " and the DliJob template.")
  public DliCronJobSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last did: the last and next slot, the active runs, and the Ready,"
          + " Reconciling and Stalled conditions.")
  public DliCronJobStatus getStatus() {
    return super.getStatus();
  }
}
