package dev.operator.dli.connection;

import java.time.Clock;
import java.time.Instant;

/**
 * What a connection's own traffic says about it, for its status: whether DLI takes its credentials
 * (from the check when it appears or changes, then from every answer of the calls it makes anyway)
 * and when the gateway last throttled it. Fed from the HTTP threads, read by the status writer.
 */
public final class ConnectionHealth {
  /** How DLI took the credentials, as far as known. */
  public sealed interface Verdict {
    /** Nothing answered yet. */
    record Unchecked() implements Verdict {}

    /** DLI answered an authenticated request. */
    record Accepted() implements Verdict {}

    /** DLI refused the credentials (401/403); the message is DLI's (it holds no secret). */
    record Refused(int httpStatus, String message) implements Verdict {}

    /** No answer came (network, TLS, 5xx); the check is tried again. */
    record Unreachable(String message) implements Verdict {}
  }

  /** What the status shows: the verdict and the last 429, if any. */
  public record Snapshot(Verdict verdict, Instant lastThrottledAt) {}

  private final Clock clock;
  private Verdict verdict = new Verdict.Unchecked();
  private Instant lastThrottledAt;

  public ConnectionHealth(Clock clock) {
    this.clock = clock;
  }

  /** The outcome of the credentials check. */
  public synchronized void checked(Verdict outcome) {
    verdict = outcome;
  }

  /**
   * Any HTTP exchange of the connection ({@code status} 0: no answer). An answer that is neither a
   * refusal nor a server error proves the credentials; a refusal keeps DLI's message of the check
   * when there is one. Unanswered calls change nothing: the check tells unreachable apart.
   */
  public synchronized void exchanged(int status) {
    if (status == 429) {
      lastThrottledAt = clock.instant();
    } else if (status == 401 || status == 403) {
      if (!(verdict instanceof Verdict.Refused)) {
        verdict = new Verdict.Refused(status, "DLI answered " + status + " to a request");
      }
    } else if (status >= 200 && status < 500) {
      verdict = new Verdict.Accepted();
    }
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(verdict, lastThrottledAt);
  }
}
