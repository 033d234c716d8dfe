package dev.operator.dli.lifecycle;

/** What a status read of a job found. */
public sealed interface DliObservation {
  /** DLI answered with the job. */
  record Seen(JobView job) implements DliObservation {}

  /** DLI does not know the job. */
  record NotFound(int httpStatus, String errorCode, String message) implements DliObservation {}

  /** The read failed. */
  record Unreadable(CallFailure failure) implements DliObservation {}
}
