package dev.operator.dli.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset that tests move forward, so that a DliCronJob's slot comes
 * without waiting for real minutes. Time still passes at the real pace, and never goes back.
 */
public final class ShiftableClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** From now on the clock reads this instant (and runs on from it); never back. */
  public void advanceTo(Instant target) {
    offset.updateAndGet(
        current -> {
          Duration wanted = Duration.between(Instant.now(), target);
          if (wanted.compareTo(current) < 0) {
            throw new IllegalArgumentException("the clock reads past " + target + " already");
          }
          return wanted;
        });
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the cron clock is UTC");
  }
}
