package dev.operator.dli.lifecycle;

/** The outcome of asking DLI about a job (or of a call that changes it). */
public sealed interface DliObservation {
  /** DLI answered with the job. */
  record Seen(JobView job) implements DliObservation {}

  /** DLI does not know the job. */
  record NotFound(int httpStatus, String errorCode, String message) implements DliObservation {}

  /** The call failed; {@code kind} says whether retrying can help. */
  record Failed(Kind kind, int httpStatus, String errorCode, String message) implements DliObservation {}

  enum Kind { TRANSIENT, AUTH, PERMANENT }
}
