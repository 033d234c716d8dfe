package dev.operator.dli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronDecisionsTest {
  private static final Instant TEN = Instant.parse("2026-03-29T10:00:00Z");
  private final CronDecisions decisions = new CronDecisions();

  /**
   * An hourly cron that dealt with every slot up to 10:00, with a run for 09:00 in the given phase
   * (- for none), decides at {@code now}.
   */
  @ParameterizedTest(
      name = "{0}, run before {1}, deadline {2}, at {3}: run for {4}, {5} skipped, {6} missed")
  @CsvSource(
      nullValues = "-",
      value = {
        // nothing due yet, and a wake-up that comes early starts nothing
        "Allow,   -,         -,   2026-03-29T10:30:00Z,     -,                    0, 0, 0",
        "Allow,   -,         -,   2026-03-29T10:59:59.999Z, -,                    0, 0, 0",
        "Allow,   -,         -,   2026-03-29T11:00:00Z,     2026-03-29T11:00:00Z, 0, 0, 0",
        "Allow,   -,         -,   2026-03-29T11:00:00.200Z, 2026-03-29T11:00:00Z, 0, 0, 0",
        // missed slots: only the latest runs, and only within the deadline
        "Allow,   -,         -,   2026-03-29T15:10:00Z,     2026-03-29T15:00:00Z, 0, 4, 0",
        "Allow,   -,         900, 2026-03-29T15:10:00Z,     2026-03-29T15:00:00Z, 0, 4, 0",
        "Allow,   -,         600, 2026-03-29T15:10:01Z,     -,                    0, 5, 0",
        "Allow,   -,         600, 2026-03-29T11:10:01Z,     -,                    0, 1, 0",
        "Allow,   -,         -,   2027-03-29T10:30:00Z,     2027-03-29T10:00:00Z, 0, 100, 0",
        // the policies
        "Allow,   Running,   -,   2026-03-29T11:00:01Z,     2026-03-29T11:00:00Z, 0, 0, 0",
        "Forbid,  Running,   -,   2026-03-29T11:00:01Z,     -,                    1, 0, 0",
        "Forbid,  Pending,   -,   2026-03-29T11:00:01Z,     -,                    1, 0, 0",
        "Forbid,  Succeeded, -,   2026-03-29T11:00:01Z,     2026-03-29T11:00:00Z, 0, 0, 0",
        "Forbid,  Failed,    -,   2026-03-29T11:00:01Z,     2026-03-29T11:00:00Z, 0, 0, 0",
        "Replace, Running,   -,   2026-03-29T11:00:01Z,     2026-03-29T11:00:00Z, 0, 0, 1",
        "Replace, Submitting,-,   2026-03-29T11:00:01Z,     2026-03-29T11:00:00Z, 0, 0, 1",
        "Replace, Cancelled, -,   2026-03-29T11:00:01Z,     2026-03-29T11:00:00Z, 0, 0, 0",
      })
  void aSlotGetsARunAccordingToItsPolicy(
      ConcurrencyPolicy policy,
      String before,
      Long deadline,
      Instant now,
      Instant runFor,
      int skipped,
      int missed,
      int cancelled) {
    DliCronJob cron = CronFixtures.handledUntil(CronFixtures.cron("@hourly", policy), TEN);
    cron.getSpec().setStartingDeadlineSeconds(deadline);
    List<DliJob> runs = new ArrayList<>();
    if (before != null) {
      runs.add(CronFixtures.run(cron, TEN.minusSeconds(3600), Phase.valueOf(before)));
    }

    CronPlan plan = decisions.decide(cron, runs, now);

    assertThat(plan.create())
        .extracting(run -> run.job().getMetadata().getName())
        .containsExactlyElementsOf(
            runFor == null ? List.of() : List.of(RunNames.forSlot("nightly", runFor)));
    assertThat(plan.skipped()).isEqualTo(skipped);
    assertThat(plan.missed()).isEqualTo(missed);
    assertThat(plan.cancel()).hasSize(cancelled);
    List<CronEvent.Reason> reasons = plan.events().stream().map(CronEvent::reason).toList();
    assertThat(reasons.contains(CronEvent.Reason.MissedSchedules)).isEqualTo(missed > 0);
    assertThat(reasons.contains(CronEvent.Reason.RunSkipped)).isEqualTo(skipped > 0);
    assertThat(reasons.contains(CronEvent.Reason.RunReplaced)).isEqualTo(cancelled > 0);
    Instant next = CronSchedule.parse("@hourly", "UTC").nextAfter(now).orElseThrow();
    assertThat(plan.wakeIn()).contains(Duration.between(now, next));
    assertThat(plan.status().getNextScheduleTime()).isEqualTo(CronDecisions.utc(next));
    if (runFor != null || skipped > 0 || missed > 0) {
      Instant latest = CronSchedule.parse("@hourly", "UTC").latestAtOrBefore(now).orElseThrow();
      assertThat(plan.status().getSlotsHandledUntil()).isEqualTo(CronDecisions.utc(latest));
    } else {
      assertThat(plan.status().getSlotsHandledUntil()).isEqualTo(CronDecisions.utc(TEN));
    }
  }

  @Test
  void aSlotWhoseRunExistsIsDoneEvenWhenItsStatusWriteWasLost() {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Replace), TEN);
    Instant eleven = TEN.plusSeconds(3600);
    DliJob started = CronFixtures.run(cron, eleven, Phase.Running);

    CronPlan plan = decisions.decide(cron, List.of(started), eleven.plusSeconds(5));

    assertThat(plan.create()).isEmpty();
    assertThat(plan.cancel()).as("a run never replaces itself").isEmpty();
    assertThat(plan.status().getLastScheduleTime()).isEqualTo(CronDecisions.utc(eleven));
    assertThat(plan.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(CronEvent.Reason.RunStarted);
              assertThat(e.message()).contains(started.getMetadata().getName());
            });
    assertThat(plan.status().getActive())
        .singleElement()
        .satisfies(
            active -> {
              assertThat(active.getName()).isEqualTo(started.getMetadata().getName());
              assertThat(active.getJobId()).isEqualTo(started.getStatus().getJobId());
            });
  }

  @Test
  void theSlotsMissedBeforeARunThatExistsAreToldOnlyByTheLookThatCreatedIt() {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), TEN);
    Instant three = TEN.plusSeconds(5 * 3600);
    CronPlan creating = decisions.decide(cron, List.of(), three.plusSeconds(5));
    DliJob started = CronFixtures.run(cron, three, Phase.Pending);

    CronPlan next = decisions.decide(cron, List.of(started), three.plusSeconds(6));

    assertThat(creating.missed()).isEqualTo(4);
    assertThat(creating.events())
        .extracting(CronEvent::reason)
        .as("the look that creates the run leaves its start to the look that records it")
        .containsExactly(CronEvent.Reason.MissedSchedules);
    assertThat(next.create()).isEmpty();
    assertThat(next.missed()).isZero();
    assertThat(next.events())
        .extracting(CronEvent::reason)
        .containsExactly(CronEvent.Reason.RunStarted);
    assertThat(next.status().getSlotsHandledUntil()).isEqualTo(CronDecisions.utc(three));
  }

  @Test
  void replaceDoesNotCancelARunWhoseCancelWasAskedForAlready() {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Replace), TEN);
    DliJob cancelling = CronFixtures.run(cron, TEN, Phase.Cancelling);
    cancelling.getSpec().setCancel(true);

    CronPlan plan = decisions.decide(cron, List.of(cancelling), TEN.plusSeconds(3601));

    assertThat(plan.cancel()).isEmpty();
    assertThat(plan.create()).hasSize(1);
  }

  @Test
  void aNewCronRunsNoSlotFromBeforeItsCreation() {
    DliCronJob cron = CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow);

    CronPlan plan = decisions.decide(cron, List.of(), CronFixtures.CREATED.plusSeconds(1800));

    assertThat(plan.create()).isEmpty();
    assertThat(plan.missed()).isZero();
    assertThat(plan.status().getNextScheduleTime()).isEqualTo("2026-03-01T01:00:00Z");
    assertThat(plan.status().getObservedGeneration()).isEqualTo(1L);
    assertThat(condition(plan, Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(condition(plan, Conditions.RECONCILING).getStatus()).isEqualTo("False");
    assertThat(condition(plan, Conditions.STALLED).getStatus()).isEqualTo("False");
  }

  @Test
  void aSuspendedCronStartsNothingAndWakesForNoSlotThenRunsTheLatestMissedOne() {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), TEN);
    cron.getSpec().setSuspend(true);
    Instant later = TEN.plusSeconds(3 * 3600 + 60);

    CronPlan suspended = decisions.decide(cron, List.of(), later);

    assertThat(suspended.create()).isEmpty();
    assertThat(suspended.wakeIn()).isEmpty();
    assertThat(suspended.status().getNextScheduleTime()).isNull();
    assertThat(condition(suspended, Conditions.READY).getReason()).isEqualTo("Suspended");

    cron.getSpec().setSuspend(false);
    CronPlan resumed = decisions.decide(cron, List.of(), later);

    assertThat(resumed.create())
        .extracting(run -> run.job().getMetadata().getName())
        .containsExactly(RunNames.forSlot("nightly", TEN.plusSeconds(3 * 3600)));
    assertThat(resumed.missed()).isEqualTo(2);
  }

  @ParameterizedTest(name = "run-now {0} after {1}, suspended {2}: starts {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "v1, -, false, true",
        "v1, v1, false, false",
        "v2, v1, false, true",
        "v1, -, true, true"
      })
  void eachNewRunNowValueStartsOneRun(
      String value, String lastRunNow, boolean suspend, boolean starts) {
    DliCronJob cron =
        CronFixtures.annotated(
            CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Forbid), TEN),
            DliCronJob.RUN_NOW_ANNOTATION,
            value);
    cron.getStatus().setLastRunNow(lastRunNow);
    cron.getSpec().setSuspend(suspend);
    Instant now = TEN.plusSeconds(600);

    CronPlan plan =
        decisions.decide(cron, List.of(CronFixtures.run(cron, TEN, Phase.Running)), now);

    assertThat(plan.create())
        .extracting(run -> run.job().getMetadata().getName())
        .containsExactlyElementsOf(
            starts ? List.of(RunNames.forRunNow("nightly", value)) : List.of());
    assertThat(plan.create()).allSatisfy(run -> assertThat(run.scheduled()).isFalse());
    assertThat(plan.status().getLastRunNow()).isEqualTo(value);
  }

  @Test
  void aRunNowWhoseRunExistsStartsNothingAgain() {
    DliCronJob cron =
        CronFixtures.annotated(
            CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), TEN),
            DliCronJob.RUN_NOW_ANNOTATION,
            "v1");
    DliJob run = CronFixtures.run(cron, TEN, Phase.Succeeded);
    run.getMetadata().setName(RunNames.forRunNow("nightly", "v1"));

    CronPlan plan = decisions.decide(cron, List.of(run), TEN.plusSeconds(10));

    assertThat(plan.create()).isEmpty();
    assertThat(plan.status().getLastRunNow()).isEqualTo("v1");
    assertThat(plan.events())
        .extracting(CronEvent::reason)
        .containsExactly(CronEvent.Reason.RunStarted);
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
    "TZ=Europe/Berlin 0 2 * * *, UTC, InvalidSchedule",
    "0 2 * * *, Mars/Olympus_Mons, InvalidTimeZone"
  })
  void anInvalidScheduleIsStalledOnceWithAnEventNamingTheField(
      String schedule, String zone, String reason) {
    DliCronJob cron = CronFixtures.cron(schedule, ConcurrencyPolicy.Allow);
    cron.getSpec().setTimeZone(zone);

    CronPlan plan = decisions.decide(cron, List.of(), TEN);

    assertThat(plan.create()).isEmpty();
    assertThat(plan.wakeIn()).isEmpty();
    assertThat(condition(plan, Conditions.STALLED).getStatus()).isEqualTo("True");
    assertThat(condition(plan, Conditions.STALLED).getReason()).isEqualTo(reason);
    assertThat(condition(plan, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition(plan, Conditions.RECONCILING).getStatus()).isEqualTo("False");
    assertThat(plan.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(CronEvent.Reason.InvalidSchedule));

    cron.setStatus(plan.status());
    assertThat(decisions.decide(cron, List.of(), TEN.plusSeconds(60)).events()).isEmpty();
  }

  @Test
  void theStatusListsTheActiveRunsTheNewOneAndTheLastSuccess() {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), TEN);
    DliJob succeeded = CronFixtures.run(cron, TEN.minusSeconds(7200), Phase.Succeeded);
    DliJob running = CronFixtures.run(cron, TEN, Phase.Running);

    CronPlan plan = decisions.decide(cron, List.of(succeeded, running), TEN.plusSeconds(3600));

    assertThat(plan.status().getActive())
        .extracting(a -> a.getName())
        .containsExactly(
            running.getMetadata().getName(), RunNames.forSlot("nightly", TEN.plusSeconds(3600)));
    assertThat(plan.status().getLastSuccessfulTime()).isEqualTo("2026-03-29T08:01:00Z");
  }

  @ParameterizedTest(name = "newest ended run {0}, an older one {1}")
  @CsvSource({"Failed, Succeeded", "Succeeded, Failed", "Cancelled, Failed"})
  void theStatusSaysHowTheNewestEndedRunEnded(Phase newest, Phase older) {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), TEN);
    DliJob before = CronFixtures.run(cron, TEN.minusSeconds(3600), older);
    DliJob last = CronFixtures.run(cron, TEN, newest);
    DliJob running = CronFixtures.run(cron, TEN.plusSeconds(3600), Phase.Running);

    CronPlan plan =
        decisions.decide(cron, List.of(running, last, before), TEN.plusSeconds(3600 + 60));

    assertThat(plan.status().getLastRunResult()).isEqualTo(newest);
    assertThat(plan.status().getLastRunName()).isEqualTo(last.getMetadata().getName());
  }

  @Test
  void theLastRunResultStaysWhenTheHistoryHoldsNoEndedRun() {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), TEN);
    cron.getStatus().setLastRunResult(Phase.Failed);
    cron.getStatus().setLastRunName("nightly-1");

    CronPlan plan = decisions.decide(cron, List.of(), TEN.plusSeconds(60));

    assertThat(plan.status().getLastRunResult()).isEqualTo(Phase.Failed);
    assertThat(plan.status().getLastRunName()).isEqualTo("nightly-1");
  }

  @Test
  void endedRunsBeyondTheLimitsAreDeleted() {
    DliCronJob cron =
        CronFixtures.handledUntil(CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), TEN);
    cron.getSpec().setFailedJobsHistoryLimit(1);
    DliJob older = CronFixtures.run(cron, TEN.minusSeconds(3600), Phase.Failed);
    DliJob newer = CronFixtures.run(cron, TEN, Phase.Failed);

    CronPlan plan = decisions.decide(cron, List.of(newer, older), TEN.plusSeconds(60));

    assertThat(plan.delete()).containsExactly(older);
  }

  /** Europe/Berlin: 2026-03-29 has no 02:30, 2026-10-25 has two. */
  @ParameterizedTest(name = "handled until {0}, at {1}: run for {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "2026-03-28T01:30:00Z, 2026-03-29T01:00:05Z, 2026-03-29T01:00:00Z, 2026-03-29",
        "2026-03-29T01:00:00Z, 2026-03-29T01:30:05Z, -, -",
        "2026-10-24T00:30:00Z, 2026-10-25T00:30:05Z, 2026-10-25T00:30:00Z, 2026-10-25",
        "2026-10-25T00:30:00Z, 2026-10-25T01:30:05Z, -, -",
      })
  void daylightSavingDaysRunTheDailySlotOnce(
      Instant handled, Instant now, Instant runFor, String date) {
    DliCronJob cron =
        CronFixtures.handledUntil(
            CronFixtures.cron("30 2 * * *", ConcurrencyPolicy.Allow), handled);
    cron.getSpec().setTimeZone("Europe/Berlin");

    CronPlan plan = decisions.decide(cron, List.of(), now);

    if (runFor == null) {
      assertThat(plan.create()).isEmpty();
      assertThat(plan.missed()).isZero();
    } else {
      assertThat(plan.create())
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.job().getMetadata().getName())
                    .isEqualTo(RunNames.forSlot("nightly", runFor));
                assertThat(run.job().getSpec().getSql().getStatement()).contains(date);
              });
    }
  }

  private static Condition condition(CronPlan plan, String type) {
    return plan.status().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
