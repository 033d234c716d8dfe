package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One DLI job that the DliJob started: its first submission or one of its retries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Attempt {
  @JsonPropertyDescription(
      "The attempt's number, from 1; the DLI job carries it as the tag dli-operator-attempt.")
  private Integer attempt;

  @JsonPropertyDescription("The DLI job ID; absent while the attempt's submission is unconfirmed.")
  private String jobId;

  @JsonPropertyDescription("The DLI job's raw status, as last seen.")
  private String dliStatus;

  @JsonPropertyDescription("DLI's own message on the job, as last seen.")
  private String message;

  @JsonPropertyDescription(
      "When the operator started the attempt's submission (RFC 3339); set before the submit call.")
  private String submittedAt;

  @JsonPropertyDescription("When the attempt's DLI job ended (RFC 3339).")
  private String completionTime;

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public String getJobId() {
    return jobId;
  }

  public void setJobId(String jobId) {
    this.jobId = jobId;
  }

  public String getDliStatus() {
    return dliStatus;
  }

  public void setDliStatus(String dliStatus) {
    this.dliStatus = dliStatus;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getSubmittedAt() {
    return submittedAt;
  }

  public void setSubmittedAt(String submittedAt) {
    this.submittedAt = submittedAt;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }
}
