package dev.operator.dli.connection;

import java.time.Duration;

/**
 * The sweep's two decisions, pure: whether a connection's jobs of one kind are read cheaper from
 * DLI's list APIs (one list per non-terminal status, in pages) or one by one, and how long to pause
 * between sweeps so that they spend at most half of the connection's budget.
 */
final class SweepPlan {
  static final int PAGE_SIZE = 100;

  private SweepPlan() {}

  /** The fewest calls that list {@code jobs} jobs spread over {@code statuses} statuses. */
  static int listCalls(int jobs, int statuses) {
    return statuses + Math.max(0, jobs - 1) / PAGE_SIZE;
  }

  /** Lists only when they cost fewer calls than reading every job on its own. */
  static boolean listsAreCheaper(int jobs, int statuses) {
    return listCalls(jobs, statuses) < jobs;
  }

  /**
   * The pause after a sweep that made {@code calls} calls: the base interval, or longer, so that
   * sweeps take at most half of {@code rate} requests per second.
   */
  static Duration pause(Duration base, int calls, double rate) {
    long needed = (long) Math.ceil(calls / (rate / 2) * 1000);
    return Duration.ofMillis(Math.max(base.toMillis(), needed));
  }
}
