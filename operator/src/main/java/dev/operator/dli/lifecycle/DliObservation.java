package dev.operator.dli.lifecycle;

/** The outcome of asking DLI about a job (or of a call that changes it). */
public sealed interface DliObservation {
  /** DLI answered with the job. */
  record Seen(JobView job) implements DliObservation {}

  /** DLI does not know the job. */
  record NotFound(int httpStatus, String errorCode, String message) implements DliObservation {}

  /**
   * The call failed; {@code kind} says whether retrying can help. {@code mayHaveTakenEffect} is
   * false only when DLI certainly did not carry the call out (refused, or never reached): a submit
   * that failed so is no unconfirmed submission.
   */
  record Failed(
      Kind kind, int httpStatus, String errorCode, String message, boolean mayHaveTakenEffect)
      implements DliObservation {
    /** A failure that may have taken effect: the safe assumption. */
    public Failed(Kind kind, int httpStatus, String errorCode, String message) {
      this(kind, httpStatus, errorCode, message, true);
    }
  }

  enum Kind {
    TRANSIENT,
    AUTH,
    PERMANENT
  }
}
