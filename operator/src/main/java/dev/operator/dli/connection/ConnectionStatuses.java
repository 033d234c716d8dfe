package dev.operator.dli.connection;

import dev.operator.dli.api.DliConnectionStatus;
import java.time.Instant;
import java.util.ArrayList;

/**
 * The next status of a connection from what is known now. Values are rounded so that a budget
 * climbing back after a 429 does not turn every look into a write: the status is written only when
 * this differs from what is there.
 */
public final class ConnectionStatuses {
  private ConnectionStatuses() {}

  /**
   * @param previous the status as stored (may be null)
   * @param unusable why the connection cannot be built, or null
   * @param rate the requests per second its budget allows now (0 when there is no connection)
   * @param jobs the DliJobs it follows
   */
  public static DliConnectionStatus next(
      DliConnectionStatus previous,
      long generation,
      ConnectionHealth.Snapshot health,
      String unusable,
      double rate,
      int jobs,
      Instant now) {
    DliConnectionStatus st = new DliConnectionStatus();
    st.setConditions(
        previous == null || previous.getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(previous.getConditions()));
    ConnectionConditions.apply(st, generation, health.verdict(), unusable, now);
    st.setRequestsPerSecond(unusable == null ? Math.round(rate * 100) / 100.0 : null);
    st.setLastThrottledAt(
        health.lastThrottledAt() != null
            ? health.lastThrottledAt().toString()
            : previous == null ? null : previous.getLastThrottledAt());
    st.setJobs(jobs);
    return st;
  }
}
