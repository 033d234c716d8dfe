package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator knows of a connection; written only by the operator, every few seconds at most.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DliConnectionStatus {
  @JsonPropertyDescription("The metadata.generation this status was computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the credentials were accepted by DLI) and Stalled (DLI refused them: 401/403, with"
          + " DLI's message), kstatus conventions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "The requests per second the operator allows itself now (lower after a 429).")
  private Double requestsPerSecond;

  @JsonPropertyDescription("When DLI's gateway last answered 429 Too Many Requests (RFC 3339).")
  private String lastThrottledAt;

  @JsonPropertyDescription("The DliJobs the operator follows on this connection.")
  private Integer jobs;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Double getRequestsPerSecond() {
    return requestsPerSecond;
  }

  public void setRequestsPerSecond(Double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
  }

  public String getLastThrottledAt() {
    return lastThrottledAt;
  }

  public void setLastThrottledAt(String lastThrottledAt) {
    this.lastThrottledAt = lastThrottledAt;
  }

  public Integer getJobs() {
    return jobs;
  }

  public void setJobs(Integer jobs) {
    this.jobs = jobs;
  }
}
