package dev.operator.dli.schedule;

import dev.operator.dli.api.ActiveRun;
import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliCronJobSpec;
import dev.operator.dli.api.DliCronJobStatus;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The DliCronJob's decisions, pure, at a given instant: which slot gets a run, what happens to the
 * active runs, which ended runs go, and when to look again.
 *
 * <ul>
 *   <li>Every slot after {@code status.slotsHandledUntil} (or the creation) up to now is due; only
 *       the most recent gets a run, and only if it is younger than startingDeadlineSeconds when
 *       that is set; the others are missed (Event MissedSchedules). The latest slot is computed
 *       directly, so a cron that was down for months is no slower than one that was not.
 *   <li>A slot whose run exists already (its status is written by the next look, or a status write
 *       was lost) is done: nothing runs twice, and its missed slots are not told twice. That look
 *       tells the run's start (Event RunStarted), and records it in the status.
 *   <li>Forbid skips the slot while a run is active; Replace cancels the active runs (their
 *       spec.cancel, so DLI's answer lands in their status) and starts the new one; Allow starts
 *       it.
 *   <li>A new value of the run-now annotation starts one run at once, whatever the policy or
 *       suspend say: it is the user's explicit word.
 *   <li>The next look is at the next slot, from this decision's own instant; a look that comes
 *       early finds no slot due and starts nothing.
 * </ul>
 */
public final class CronDecisions {
  /** Missed slots are counted up to this many, for the message only. */
  static final int MAX_COUNTED_MISSES = 100;

  public CronPlan decide(DliCronJob cron, List<DliJob> runs, Instant now) {
    DliCronJobSpec spec = cron.getSpec();
    String name = cron.getMetadata().getName();
    DliCronJobStatus old = cron.getStatus() == null ? new DliCronJobStatus() : cron.getStatus();
    DliCronJobStatus next = new DliCronJobStatus();
    next.setLastScheduleTime(old.getLastScheduleTime());
    next.setSlotsHandledUntil(old.getSlotsHandledUntil());
    next.setLastRunNow(old.getLastRunNow());
    next.setConditions(old.getConditions());
    Set<String> existing =
        runs.stream().map(run -> run.getMetadata().getName()).collect(Collectors.toSet());
    List<CronPlan.NewRun> create = new ArrayList<>();
    List<DliJob> cancel = new ArrayList<>();
    List<CronEvent> events = new ArrayList<>();
    int skipped = 0;
    int missed = 0;
    Optional<Instant> wakeAt = Optional.empty();
    InvalidSchedule invalid = null;
    CronSchedule schedule = null;
    try {
      schedule = CronSchedule.parse(spec.getSchedule(), spec.effectiveTimeZone());
    } catch (InvalidSchedule e) {
      invalid = e;
    }
    if (schedule != null) {
      String runNow = annotation(cron, DliCronJob.RUN_NOW_ANNOTATION);
      if (runNow != null && !runNow.equals(old.getLastRunNow())) {
        String runName = RunNames.forRunNow(name, runNow);
        if (existing.contains(runName)) {
          events.add(started(runName, "(run-now " + runNow + ")"));
        } else {
          create.add(
              new CronPlan.NewRun(
                  RunFactory.build(cron, runName, now, schedule.zone()), now, false));
        }
        next.setLastRunNow(runNow);
      }
      if (!spec.suspended()) {
        Instant handled = handledUntil(cron, old);
        Optional<Instant> latest = schedule.latestAtOrBefore(now);
        if (latest.isPresent() && latest.get().isAfter(handled)) {
          Instant slot = latest.get();
          String runName = RunNames.forSlot(name, slot);
          // A run that exists was created by a look that told of the slots missed before it.
          int earlier =
              existing.contains(runName)
                  ? 0
                  : schedule.countBetween(handled, slot, MAX_COUNTED_MISSES);
          Long deadline = spec.getStartingDeadlineSeconds();
          boolean tooLate = deadline != null && Duration.between(slot, now).getSeconds() > deadline;
          List<DliJob> active = runs.stream().filter(run -> !Runs.ended(run)).toList();
          if (existing.contains(runName)) {
            next.setLastScheduleTime(utc(slot));
            events.add(
                started(runName, "for the slot " + Placeholders.rfc3339(slot, schedule.zone())));
          } else if (tooLate) {
            missed++;
          } else if (spec.effectiveConcurrencyPolicy() == ConcurrencyPolicy.Forbid
              && !active.isEmpty()) {
            skipped++;
            events.add(
                new CronEvent(
                    CronEvent.Reason.RunSkipped,
                    "skipped the slot "
                        + Placeholders.rfc3339(slot, schedule.zone())
                        + " (concurrencyPolicy Forbid): "
                        + names(active)
                        + " still active"));
          } else {
            if (spec.effectiveConcurrencyPolicy() == ConcurrencyPolicy.Replace) {
              active.stream()
                  .filter(run -> !run.getSpec().cancelRequested())
                  .forEach(
                      run -> {
                        cancel.add(run);
                        events.add(
                            new CronEvent(
                                CronEvent.Reason.RunReplaced,
                                "cancelled "
                                    + run.getMetadata().getName()
                                    + " (concurrencyPolicy Replace) for "
                                    + runName));
                      });
            }
            create.add(
                new CronPlan.NewRun(
                    RunFactory.build(cron, runName, slot, schedule.zone()), slot, true));
            next.setLastScheduleTime(utc(slot));
          }
          missed += earlier;
          if (missed > 0) {
            events.add(
                new CronEvent(
                    CronEvent.Reason.MissedSchedules,
                    missedMessage(earlier, tooLate, slot, schedule, deadline)));
          }
          next.setSlotsHandledUntil(utc(slot));
        }
        wakeAt = schedule.nextAfter(now);
      }
    }
    next.setNextScheduleTime(wakeAt.map(CronDecisions::utc).orElse(null));
    next.setActive(active(runs, create));
    next.setLastSuccessfulTime(lastSuccess(runs, old.getLastSuccessfulTime()));
    lastEnded(runs)
        .ifPresentOrElse(
            run -> {
              next.setLastRunName(run.getMetadata().getName());
              next.setLastRunResult(Runs.phase(run));
            },
            () -> {
              next.setLastRunName(old.getLastRunName());
              next.setLastRunResult(old.getLastRunResult());
            });
    long generation =
        cron.getMetadata().getGeneration() == null ? 0 : cron.getMetadata().getGeneration();
    CronConditions.apply(next, generation, invalid, spec.suspended(), now).ifPresent(events::add);
    List<DliJob> delete =
        History.toDelete(
            runs,
            spec.effectiveSuccessfulJobsHistoryLimit(),
            spec.effectiveFailedJobsHistoryLimit());
    return new CronPlan(
        create,
        cancel,
        delete,
        next,
        events,
        skipped,
        missed,
        wakeAt.map(at -> Duration.between(now, at)));
  }

  /**
   * Told by the look that records a new run in the status, not by the one that creates it: that
   * look writes nothing else, so that a slot's runs are created first (and a run created just
   * before a crash is told all the same).
   */
  private static CronEvent started(String runName, String what) {
    return new CronEvent(CronEvent.Reason.RunStarted, "started " + runName + " " + what);
  }

  private static String missedMessage(
      int earlier, boolean tooLate, Instant slot, CronSchedule schedule, Long deadline) {
    String at = Placeholders.rfc3339(slot, schedule.zone());
    String count = earlier >= MAX_COUNTED_MISSES ? "at least " + earlier : String.valueOf(earlier);
    String before = earlier == 0 ? "" : count + " earlier slot(s) passed without a run; ";
    return tooLate
        ? before
            + "the latest, "
            + at
            + ", is older than startingDeadlineSeconds ("
            + deadline
            + " s) and did not run either"
        : before + "only the latest, " + at + ", runs";
  }

  /** Slots up to this instant were dealt with; a new DliCronJob starts at its creation. */
  private static Instant handledUntil(DliCronJob cron, DliCronJobStatus status) {
    Instant created =
        cron.getMetadata().getCreationTimestamp() == null
            ? Instant.EPOCH
            : Runs.parse(cron.getMetadata().getCreationTimestamp());
    Instant handled =
        status.getSlotsHandledUntil() == null
            ? Instant.EPOCH
            : Runs.parse(status.getSlotsHandledUntil());
    return handled.isAfter(created) ? handled : created;
  }

  private static List<ActiveRun> active(List<DliJob> runs, List<CronPlan.NewRun> created) {
    return Stream.concat(
            runs.stream().filter(run -> !Runs.ended(run)),
            created.stream().map(CronPlan.NewRun::job))
        .sorted(
            Comparator.comparing(Runs::scheduledAt).thenComparing(r -> r.getMetadata().getName()))
        .map(
            run ->
                new ActiveRun(
                    run.getMetadata().getName(),
                    run.getStatus() == null ? null : run.getStatus().getJobId()))
        .toList();
  }

  private static String lastSuccess(List<DliJob> runs, String before) {
    return Stream.concat(
            Stream.ofNullable(before).map(Runs::parse),
            runs.stream()
                .filter(run -> Runs.phase(run) == Phase.Succeeded)
                .map(run -> run.getStatus().getCompletionTime())
                .filter(Objects::nonNull)
                .map(Runs::parse))
        .max(Comparator.naturalOrder())
        .map(CronDecisions::utc)
        .orElse(null);
  }

  /** The newest run that ended, by its slot; none while the history holds none. */
  private static Optional<DliJob> lastEnded(List<DliJob> runs) {
    return runs.stream()
        .filter(Runs::ended)
        .max(
            Comparator.comparing(Runs::scheduledAt)
                .thenComparing(run -> run.getMetadata().getName()));
  }

  private static String names(List<DliJob> runs) {
    return runs.stream().map(run -> run.getMetadata().getName()).collect(Collectors.joining(", "));
  }

  private static String annotation(DliCronJob cron, String key) {
    Map<String, String> annotations = cron.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  static String utc(Instant at) {
    return Placeholders.rfc3339(at, ZoneOffset.UTC);
  }
}
