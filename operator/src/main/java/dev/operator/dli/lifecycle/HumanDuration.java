package dev.operator.dli.lifecycle;

import java.time.Duration;

/**
 * A run time as kubectl writes ages: its two largest units, truncated ({@code 227ms}, {@code 5s},
 * {@code 2m5s}, {@code 1h2m}, {@code 3d4h}). The status carries it because a printer column cannot
 * compute.
 */
final class HumanDuration {
  private HumanDuration() {}

  static String of(long millis) {
    Duration d = Duration.ofMillis(Math.max(0, millis));
    if (d.isZero()) {
      return "0s";
    }
    if (d.toSeconds() == 0) {
      return d.toMillis() + "ms";
    }
    if (d.toMinutes() == 0) {
      return d.toSeconds() + "s";
    }
    if (d.toHours() == 0) {
      return twoUnits(d.toMinutes(), "m", d.toSecondsPart(), "s");
    }
    if (d.toDays() == 0) {
      return twoUnits(d.toHours(), "h", d.toMinutesPart(), "m");
    }
    return twoUnits(d.toDays(), "d", d.toHoursPart(), "h");
  }

  private static String twoUnits(long large, String largeUnit, int small, String smallUnit) {
    return large + largeUnit + (small == 0 ? "" : small + smallUnit);
  }
}
