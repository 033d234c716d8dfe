package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where DLI is and how to reach it: what a DliConnection and a ClusterDliConnection share. Only the
 * credentials are in a Secret; the rest is here, visible and checked by the API server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.endpoint.startsWith('https://') || (has(self.allowInsecureHttp) && self.allowInsecureHttp)",
    message =
        "spec.endpoint must be an https:// URL (set allowInsecureHttp: true only for a test endpoint)",
    fieldPath = ".endpoint")
@ValidationRule(
    value = "!has(self.requestsPerSecond) || self.requestsPerSecond > 0.0",
    message = "spec.requestsPerSecond must be above 0",
    fieldPath = ".requestsPerSecond")
public class ConnectionSpec {
  @Required
  @Pattern("^https?://[^\\s/?#]+(/[^\\s]*)?$")
  @JsonPropertyDescription("DLI's endpoint, e.g. https://dli.eu-de.otc.t-systems.com.")
  private String endpoint;

  @Required
  @Pattern("^[A-Za-z0-9-]+$")
  @JsonPropertyDescription("The project (tenant) ID the DLI jobs belong to.")
  private String projectId;

  @JsonPropertyDescription("The region, e.g. eu-de; signed into AK/SK requests when set.")
  private String region;

  @Pattern("^https?://[^\\s/?#]+(/[^\\s]*)?$")
  @JsonPropertyDescription(
      "IAM's endpoint, for credentials of username/password/domainName (IAM tokens); not needed"
          + " for accessKey/secretKey.")
  private String iamEndpoint;

  @JsonPropertyDescription(
      "PEM certificates to trust for DLI (and IAM) instead of the JVM's defaults.")
  private String caBundle;

  @JsonPropertyDescription(
      "The most requests per second the operator sends on this connection; the operator's default"
          + " (DLI_REQUESTS_PER_SECOND) when omitted. A gateway's 429 lowers it for a while.")
  private Double requestsPerSecond;

  @Default("false")
  @JsonPropertyDescription("Allow an http:// endpoint (tests only).")
  private Boolean allowInsecureHttp;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getProjectId() {
    return projectId;
  }

  public void setProjectId(String projectId) {
    this.projectId = projectId;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getIamEndpoint() {
    return iamEndpoint;
  }

  public void setIamEndpoint(String iamEndpoint) {
    this.iamEndpoint = iamEndpoint;
  }

  public String getCaBundle() {
    return caBundle;
  }

  public void setCaBundle(String caBundle) {
    this.caBundle = caBundle;
  }

  public Double getRequestsPerSecond() {
    return requestsPerSecond;
  }

  public void setRequestsPerSecond(Double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
  }

  public boolean allowsInsecureHttp() {
    return Boolean.TRUE.equals(allowInsecureHttp);
  }

  public Boolean getAllowInsecureHttp() {
    return allowInsecureHttp;
  }

  public void setAllowInsecureHttp(Boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }
}
