package dev.operator.dli.lifecycle;

/**
 * A DLI call that failed; {@code cause} says whether another call can help. {@code
 * mayHaveTakenEffect} is false only when DLI certainly did not carry the call out (refused, or
 * never reached): a submit that failed so is no unconfirmed submission.
 */
public record CallFailure(
    Cause cause, int httpStatus, String errorCode, String message, boolean mayHaveTakenEffect) {
  /** A failure that may have taken effect: the safe assumption. */
  public CallFailure(Cause cause, int httpStatus, String errorCode, String message) {
    this(cause, httpStatus, errorCode, message, true);
  }

  /** What failed, as far as the remedy goes. */
  public enum Cause {
    /** The network, a timeout, a 5xx or a 429: another call later can work. */
    TRANSIENT,
    /** DLI or IAM refused the credentials: a human must fix the connection. */
    AUTH,
    /** DLI refused the request for good: the same request would be refused again. */
    PERMANENT
  }
}
