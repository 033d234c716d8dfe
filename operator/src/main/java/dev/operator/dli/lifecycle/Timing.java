package dev.operator.dli.lifecycle;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often to look at DLI. Polls back off by half again per unchanged poll, up to the maximum;
 * errors back off exponentially. Every delay is jittered by up to ±{@code jitter} so that many
 * DliJobs do not poll in lockstep.
 *
 * @param lookupSettle how long after an unconfirmed submission DLI's lists may still not show the
 *     job: only after looking for it in vain this long is the submission taken as never having
 *     happened
 */
public record Timing(
    Duration pollInterval,
    Duration maxPollInterval,
    Duration cancelPollInterval,
    Duration maxErrorBackoff,
    Duration lookupSettle,
    double jitter,
    DoubleSupplier random) {
  public static Timing defaults() {
    return new Timing(
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        0.2,
        Math::random);
  }

  Duration poll(int unchangedPolls) {
    double factor = Math.pow(1.5, Math.min(unchangedPolls, 30));
    long millis = (long) Math.min(maxPollInterval.toMillis(), pollInterval.toMillis() * factor);
    return jittered(millis);
  }

  Duration errorBackoff(int failures) {
    long millis =
        Math.min(
            maxErrorBackoff.toMillis(),
            pollInterval.toMillis() << Math.min(Math.max(failures - 1, 0), 20));
    return jittered(millis);
  }

  /**
   * The next lookup of an unconfirmed submission: a quarter of the time it has been unconfirmed,
   * within the poll bounds.
   */
  Duration lookupAgain(Duration unconfirmedFor) {
    long millis =
        Math.max(
            pollInterval.toMillis(),
            Math.min(maxPollInterval.toMillis(), unconfirmedFor.toMillis() / 4));
    return jittered(millis);
  }

  Duration cancelPoll() {
    return jittered(cancelPollInterval.toMillis());
  }

  private Duration jittered(long millis) {
    double offset = (random.getAsDouble() * 2 - 1) * jitter;
    return Duration.ofMillis(Math.max(1, Math.round(millis * (1 + offset))));
  }
}
