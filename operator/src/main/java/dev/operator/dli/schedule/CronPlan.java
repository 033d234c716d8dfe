package dev.operator.dli.schedule;

import dev.operator.dli.api.DliCronJobStatus;
import dev.operator.dli.api.DliJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one pass over a DliCronJob does, decided by {@link CronDecisions}: the runs to create (with
 * create, never apply: a taken name means the run started already), the active runs to cancel
 * (Replace), the ended runs to delete (history), the new status, the Events, the counts for the
 * metrics, and when to look again.
 *
 * @param wakeIn from the decision's own instant to the next slot; empty: only an event wakes it
 */
public record CronPlan(
    List<NewRun> create,
    List<DliJob> cancel,
    List<DliJob> delete,
    DliCronJobStatus status,
    List<CronEvent> events,
    int skipped,
    int missed,
    Optional<Duration> wakeIn) {

  /**
   * @param slot the slot it runs for, or the moment of its run-now
   * @param scheduled true for a slot's run, false for a run-now
   */
  public record NewRun(DliJob job, Instant slot, boolean scheduled) {}
}
