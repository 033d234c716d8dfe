package dev.operator.dli.lifecycle;

import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A Flink job that DLI accepted to run but that does not start: DLI keeps it in job_init or
 * job_submitting while its queue has no room, without end and without a word. After the start
 * timeout the DliJob is Stalled (FlinkStartTimeout), so that a human looks; it is not Running.
 */
public final class FlinkStarts {
  private static final Set<String> STARTING = Set.of("job_init", "job_submitting");

  private FlinkStarts() {}

  /**
   * Keeps status.startingSince: since the first read that showed the job starting, until one that
   * does not.
   */
  static void seen(DliJobStatus st, String dliStatus, Instant now) {
    if (!STARTING.contains(dliStatus)) {
      st.setStartingSince(null);
    } else if (st.getStartingSince() == null) {
      st.setStartingSince(now.toString());
    }
  }

  /** How long until the job overstays its start; null when it is not starting or already has. */
  static Duration untilOverdue(Snapshot s, Duration timeout) {
    Instant since = since(s);
    if (since == null) {
      return null;
    }
    Duration left = Duration.between(s.now(), since.plus(timeout));
    return left.isNegative() || left.isZero() ? null : left;
  }

  /** The stall of a job that has been starting for longer than the timeout. */
  static Optional<Stall> overdue(Snapshot s, Duration timeout) {
    Instant since = since(s);
    if (since == null || s.now().isBefore(since.plus(timeout))) {
      return Optional.empty();
    }
    DliJobStatus st = s.status();
    return Optional.of(
        new Stall(
            StallReason.FlinkStartTimeout,
            "DLI accepted Flink job "
                + st.getJobId()
                + " to run, but it has been "
                + st.getDliStatus()
                + " since "
                + st.getStartingSince()
                + ", longer than "
                + HumanDuration.of(timeout.toMillis())
                + " (DLI_FLINK_START_TIMEOUT): check that its queue has free CUs, and the job in"
                + " DLI's console"));
  }

  /** Since when a Running Flink job has been starting; null when it is not. */
  private static Instant since(Snapshot s) {
    DliJobStatus st = s.status();
    boolean starting =
        s.spec() != null
            && s.spec().runsFlink()
            && DliStatuses.phaseOf(st) == Phase.Running
            && st.getStartingSince() != null
            && STARTING.contains(st.getDliStatus());
    return starting ? Instant.parse(st.getStartingSince()) : null;
  }
}
