package dev.operator.dli.lifecycle;

/** How a cancel call ended, as the lifecycle folds it into status.cancellation. */
public sealed interface CancelAnswer extends Answer {
  /** DLI took the cancel; its own HTTP status, is_success (null when it sent none) and message. */
  record Accepted(int httpStatus, Boolean isSuccess, String message) implements CancelAnswer {}

  /** DLI does not know the job. */
  record Unknown(DliObservation.NotFound why) implements CancelAnswer {}

  /** The call failed; the failure's cause says whether another call can help. */
  record Refused(CallFailure failure) implements CancelAnswer {}
}
