package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Data Lake Insight job: applying it submits the job, deleting it (or spec.cancel) cancels it.
 */
@JsonClassDescription(
    "A Data Lake Insight (DLI) job. Applying a DliJob submits the job to DLI once; the operator"
        + " keeps the status true to DLI. Setting spec.cancel, passing"
        + " spec.activeDeadlineSeconds or deleting the DliJob cancels the job.")
@Group(DliJob.GROUP)
@Version(DliJob.VERSION)
@ShortNames("dlij")
@Categories("dli")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "True once the job reached what was asked: succeeded, or cancelled on request")
@AdditionalPrinterColumn(
    name = "Job ID",
    jsonPath = ".status.jobId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "DLI Status",
    jsonPath = ".status.dliStatus",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Queue",
    jsonPath = ".status.queue",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Duration",
    jsonPath = ".status.duration",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    getDescription = "Run time of the DLI job (2m5s)")
@AdditionalPrinterColumn(
    name = "Stalled",
    jsonPath = ".status.stalledReason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    getDescription = "Why only a human can help: the Stalled condition's reason while it is True")
// Not `required`: the API server checks that on every write, so a DliJob made without spec under an
// older CRD could not even lose its finalizer. Required at creation, and kept once there.
@ValidationRule(
    value = "has(self.spec) || (oldSelf.hasValue() && !has(oldSelf.value().spec))",
    optionalOldSelf = true,
    message =
        "spec is required: say what to run (sql, spark, flinkSql or flinkJar) or a jobId to adopt",
    reason = "FieldValueRequired",
    fieldPath = ".spec")
public class DliJob extends CustomResource<DliJobSpec, DliJobStatus> implements Namespaced {
  public static final String GROUP = "dli.operator.dev";
  public static final String VERSION = "v1alpha1";

  /**
   * The operator's finalizer on every DliJob (JOSDK's default name for the kind): it stays until
   * the DliJob's DLI job is cancelled or released.
   */
  public static final String FINALIZER = "dlijobs." + GROUP + "/finalizer";

  @Override
  @JsonPropertyDescription(
      "What to run (exactly one of sql and spark, or jobId to adopt a job), where, and when to"
          + " cancel it. Only cancel, activeDeadlineSeconds, ttlSecondsAfterFinished and"
          + " deletionPolicy can change after creation.")
  public DliJobSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last saw of the job, written only by the operator: the phase, DLI's own"
          + " status, the cancellation's outcome and the Ready, Reconciling and Stalled conditions.")
  public DliJobStatus getStatus() {
    return super.getStatus();
  }
}
