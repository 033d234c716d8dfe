package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Every attempt to cancel the DLI job lands here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Cancellation {
  @JsonPropertyDescription(
      "Why the cancel was asked for: Requested (spec.cancel), ResourceDeleted or DeadlineExceeded.")
  private CancelReason reason;

  @JsonPropertyDescription("When the cancel was asked for (RFC 3339).")
  private String requestedAt;

  @JsonPropertyDescription("When the cancel reached its outcome (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription(
      "Pending, Cancelled, AlreadyFinished (the job had ended), NotFound (DLI does not know the job) or Failed.")
  private CancelOutcome outcome;

  @JsonPropertyDescription("HTTP status of the last DLI cancel (or status) call.")
  private Integer httpStatus;

  @JsonPropertyDescription("is_success of the last DLI response body.")
  private Boolean isSuccess;

  @JsonPropertyDescription(
      "DLI or API gateway error code of the last failed attempt (DLI.xxxx, APIGW.xxxx).")
  private String errorCode;

  @JsonPropertyDescription("DLI's message or the error of the last attempt.")
  private String message;

  @JsonPropertyDescription("How many DELETE calls were made.")
  private Integer attempts;

  public CancelReason getReason() {
    return reason;
  }

  public void setReason(CancelReason reason) {
    this.reason = reason;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public CancelOutcome getOutcome() {
    return outcome;
  }

  public void setOutcome(CancelOutcome outcome) {
    this.outcome = outcome;
  }

  public Integer getHttpStatus() {
    return httpStatus;
  }

  public void setHttpStatus(Integer httpStatus) {
    this.httpStatus = httpStatus;
  }

  public Boolean getIsSuccess() {
    return isSuccess;
  }

  public void setIsSuccess(Boolean isSuccess) {
    this.isSuccess = isSuccess;
  }

  public String getErrorCode() {
    return errorCode;
  }

  public void setErrorCode(String errorCode) {
    this.errorCode = errorCode;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }
}
