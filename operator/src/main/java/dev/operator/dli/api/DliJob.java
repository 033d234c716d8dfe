package dev.operator.dli.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Data Lake Insight job: applying it submits the job, deleting it (or spec.cancel) cancels it.
 */
@Group(DliJob.GROUP)
@Version(DliJob.VERSION)
@ShortNames("dlij")
@Categories("dli")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
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
    jsonPath = ".status.durationMillis",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1,
    getDescription = "Run time of the DLI job in milliseconds")
public class DliJob extends CustomResource<DliJobSpec, DliJobStatus> implements Namespaced {
  public static final String GROUP = "dli.operator.dev";
  public static final String VERSION = "v1alpha1";
}
