package dev.operator.dli.lifecycle;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * spec.backoffLimit: which failed attempts are submitted again, and after how long. Only a job that
 * DLI ran and that failed on its own is retried (a SQL job FAILED, a Spark batch dead without a
 * cancel): never a cancelled job, never a submit DLI refused for good, never an adopted or a Flink
 * job, and never past activeDeadlineSeconds, which counts from the first attempt. The wait is
 * batch/v1's: 10 s, doubling, at most 6 minutes; the DliJob waits Pending, with the next attempt's
 * time in status, so that a restart keeps to it.
 */
public final class Retries {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(6);

  private Retries() {}

  /** Whether the DliJob waits between a failed attempt and the next. */
  public static boolean backingOff(DliJobStatus st) {
    return st.getNextAttemptAt() != null;
  }

  /** The wait before the next attempt after attempt {@code failed} failed. */
  static Duration backoff(int failed) {
    int doublings = Math.min(Math.max(failed - 1, 0), 10);
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
    return wait.compareTo(MAX_BACKOFF) < 0 ? wait : MAX_BACKOFF;
  }

  /**
   * The newest attempt's job failed on its own (no cancel was asked for): when another attempt is
   * due, the status waits for it and the Retrying Event tells why; otherwise nothing changes and
   * the DliJob ends Failed.
   */
  static Optional<JobEvent> afterFailure(Snapshot s, DliJobStatus st, JobView job) {
    DliJobSpec spec = s.spec();
    int failed = Attempts.number(st);
    int limit = spec.effectiveBackoffLimit();
    if (JobKind.of(spec) == JobKind.FLINK || spec.getJobId() != null || failed > limit) {
      return Optional.empty();
    }
    Duration wait = backoff(failed);
    Instant next = s.now().plus(wait);
    Instant first = s.firstSubmittedAt();
    Long deadline = spec.getActiveDeadlineSeconds();
    if (deadline != null && !next.isBefore(first.plusSeconds(deadline))) {
      return Optional.empty(); // the next attempt would start past the deadline
    }
    String dliMessage =
        job.message() == null || job.message().isBlank() ? "" : ": " + job.message();
    String text =
        "attempt "
            + (failed + 1)
            + " of "
            + (limit + 1)
            + " in "
            + wait.toSeconds()
            + " s, after DLI job "
            + st.getJobId()
            + " "
            + job.status()
            + dliMessage;
    st.setFirstSubmittedAt(first.toString());
    st.setPhase(Phase.Pending);
    st.setNextAttemptAt(next.toString());
    st.setCompletionTime(null);
    st.setMessage(text);
    return Optional.of(new JobEvent(EventReason.Retrying, text));
  }

  /** The next attempt begins: the top-level fields, which show the newest attempt, start afresh. */
  static void nextAttempt(DliJobStatus st) {
    st.setNextAttemptAt(null);
    st.setJobId(null);
    st.setDliStatus(null);
    st.setJobType(null);
    st.setStartTime(null);
    st.setCompletionTime(null);
    st.setDurationMillis(null);
    st.setDuration(null);
  }

  /** What to do while waiting for the next attempt: a cancel or the deadline ends the wait. */
  static Action duringBackOff(Snapshot s) {
    var reason = Cancellations.reason(s);
    if (reason != null) {
      return new Action.CancelBeforeSubmit(reason);
    }
    Duration left = Duration.between(s.now(), Instant.parse(s.status().getNextAttemptAt()));
    return left.isNegative() || left.isZero()
        ? new Action.Submit()
        : new Action.Wait(left.plusMillis(10));
  }
}
