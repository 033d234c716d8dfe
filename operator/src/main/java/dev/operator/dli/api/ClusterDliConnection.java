package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A platform team's DLI connection, usable by the namespaces its selector picks. */
@JsonClassDescription(
    "A DLI connection shared by the namespaces that spec.namespaceSelector picks: where DLI is and the Secret (namespace and name) with the credentials. DliJobs name it in spec.connectionRef with kind ClusterDliConnection; the operator's default connection is one. While a live DliJob uses it, it carries the finalizer dli.operator.dev/in-use.")
@Group(DliJob.GROUP)
@Version(DliJob.VERSION)
@ShortNames("cdlic")
@Categories("dli")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "True once DLI accepted the credentials")
@AdditionalPrinterColumn(
    name = "Endpoint",
    jsonPath = ".spec.endpoint",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Project",
    jsonPath = ".spec.projectId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Budget",
    jsonPath = ".status.requestsPerSecond",
    type = AdditionalPrinterColumn.Type.NUMBER,
    getDescription = "Requests per second allowed now")
@AdditionalPrinterColumn(
    name = "Jobs",
    jsonPath = ".status.jobs",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "DliJobs followed on this connection")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ClusterDliConnection
    extends CustomResource<ClusterDliConnectionSpec, DliConnectionStatus> {
  @Override
  @Required
  @JsonPropertyDescription(
      "Where DLI is (endpoint, projectId, region) and the Secret with the credentials.")
  public ClusterDliConnectionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written only by the operator: Ready and Stalled, the budget now, the last 429, the jobs followed.")
  public DliConnectionStatus getStatus() {
    return super.getStatus();
  }
}
