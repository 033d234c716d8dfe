package dev.operator.dli.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** The one way tests wait: for a condition, within a bound, never for a fixed time. */
public final class Wait {
  /** Long enough for any scenario on a loaded 2-core machine, short enough to fail a hung one. */
  public static final Duration BOUND = Duration.ofSeconds(45);

  private Wait() {}

  public static void until(String what, Callable<Boolean> condition) {
    until(what, BOUND, condition);
  }

  public static void until(String what, Duration bound, Callable<Boolean> condition) {
    Awaitility.await(what).atMost(bound).pollInterval(Duration.ofMillis(50)).until(condition);
  }
}
