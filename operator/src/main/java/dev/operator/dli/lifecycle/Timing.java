package dev.operator.dli.lifecycle;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long the lifecycle waits between its own attempts. Status reads are not its business (a
 * connection's sweep reads statuses and wakes the DliJob); these are the waits after a failed call,
 * which grow exponentially, and between lookups of an unconfirmed submission. Every delay is
 * jittered by up to ±{@code jitter} so that many DliJobs do not retry in lockstep.
 *
 * @param retryInterval the first wait after a failed call, and the shortest between lookups
 * @param maxErrorBackoff the longest wait after failed calls
 * @param lookupSettle how long after an unconfirmed submission DLI's lists may still not show the
 *     job: only after looking for it in vain this long is the submission taken as never having
 *     happened
 * @param flinkStartTimeout how long a Flink job that DLI accepted to run may stay starting
 *     (job_init, job_submitting) before the DliJob is Stalled: DLI may wait for queue resources
 *     without end, and nothing else would tell the user
 */
public record Timing(
    Duration retryInterval,
    Duration maxErrorBackoff,
    Duration lookupSettle,
    Duration flinkStartTimeout,
    double jitter,
    DoubleSupplier random) {
  private static final Duration MAX_LOOKUP_INTERVAL = Duration.ofSeconds(30);

  public static Timing defaults() {
    return new Timing(
        Duration.ofSeconds(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        Duration.ofMinutes(10),
        0.2,
        Math::random);
  }

  Duration errorBackoff(int failures) {
    long millis =
        Math.min(
            maxErrorBackoff.toMillis(),
            retryInterval.toMillis() << Math.min(Math.max(failures - 1, 0), 20));
    return jittered(millis);
  }

  /**
   * The next lookup of an unconfirmed submission: a quarter of the time it has been unconfirmed,
   * from the retry interval up to 30 s.
   */
  Duration lookupAgain(Duration unconfirmedFor) {
    long millis =
        Math.max(
            retryInterval.toMillis(),
            Math.min(MAX_LOOKUP_INTERVAL.toMillis(), unconfirmedFor.toMillis() / 4));
    return jittered(millis);
  }

  private Duration jittered(long millis) {
    double offset = (random.getAsDouble() * 2 - 1) * jitter;
    return Duration.ofMillis(Math.max(1, Math.round(millis * (1 + offset))));
  }
}
