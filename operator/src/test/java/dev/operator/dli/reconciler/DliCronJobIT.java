package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliCronJobStatus;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.FlinkSqlJobSpec;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.Conditions;
import dev.operator.dli.schedule.RunNames;
import dev.operator.dli.testing.CronJobFixture;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.ShiftableClock;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DliCronJobs on the real API server, with the garbage collector and the DLI simulator. The cron
 * clock is moved forward to just before a slot, so no test waits for real minutes: the operator's
 * own wake-up (a reschedule) starts the run.
 */
class DliCronJobIT {
  @RegisterExtension static final OperatorUnderTest OPERATOR = new OperatorUnderTest();

  private static final AtomicInteger TOUCHES = new AtomicInteger();

  /** Two slots, at :10 and :11 of an hour the cron clock is moved to. */
  private record Slots(Instant first, Instant second, String schedule) {}

  /**
   * Moves the cron clock to the start of a fresh hour and returns a daily schedule at :10 and :11
   * of it: the day's earlier slots all lie before the DliCronJob's creation, so none is due yet.
   */
  private static Slots freshSlots() {
    ShiftableClock clock = OPERATOR.cronClock();
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    clock.advanceTo(hour);
    int h = hour.atZone(ZoneOffset.UTC).getHour();
    return new Slots(
        hour.plus(Duration.ofMinutes(10)),
        hour.plus(Duration.ofMinutes(11)),
        "10,11 " + h + " * * *");
  }

  @Test
  void aSlotsRunIsCreatedOwnedLabelledAndWithTheSlotInItsStatement() {
    Scenario s = Scenario.inNewNamespace(OPERATOR, "cron-slot");
    Slots slots = freshSlots();
    create(
        s,
        CronJobFixture.of(
                slots.schedule(),
                "INSERT INTO report SELECT * FROM t WHERE day = '${scheduledDate}'"
                    + " AND at <= '${scheduledTime}' /* sim: run 100ms */")
            .named(s.namespace(), "nightly"));
    DliCronJob observed = waitForCron(s, "nightly", c -> slots.first().toString().equals(next(c)));
    assertThat(condition(observed, Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(condition(observed, Conditions.STALLED).getStatus()).isEqualTo("False");

    comeTo(s, "nightly", slots.first());

    String runName = RunNames.forSlot("nightly", slots.first());
    DliJob run = s.waitFor(runName, Objects::nonNull);
    OwnerReference owner = run.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("DliCronJob");
    assertThat(owner.getUid()).isEqualTo(observed.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();
    assertThat(run.getMetadata().getLabels()).containsEntry(DliCronJob.CRONJOB_LABEL, "nightly");
    assertThat(run.getMetadata().getAnnotations())
        .containsEntry(DliCronJob.SCHEDULED_AT_ANNOTATION, slots.first().toString());
    String day = slots.first().atZone(ZoneOffset.UTC).toLocalDate().toString();
    assertThat(run.getSpec().getSql().getStatement())
        .contains("day = '" + day + "'")
        .contains("at <= '" + slots.first() + "'");

    s.waitFor(runName, job -> Scenario.phase(job, Phase.Succeeded));
    DliCronJob after =
        waitForCron(
            s,
            "nightly",
            c ->
                c.getStatus().getLastSuccessfulTime() != null
                    && c.getStatus().getActive().isEmpty());
    assertThat(after.getStatus().getLastScheduleTime()).isEqualTo(slots.first().toString());
    assertThat(after.getStatus().getNextScheduleTime()).isEqualTo(slots.second().toString());
    assertThat(OPERATOR.metrics().counter("dli.cronjob.runs", "result", "started").count())
        .isPositive();
    assertThat(OPERATOR.metrics().timer("dli.cronjob.start.delay").count()).isPositive();
  }

  @Test
  void replaceCancelsTheActiveRunThroughItsSpecCancelAndStartsTheNewOne() {
    Scenario s = Scenario.inNewNamespace(OPERATOR, "cron-replace");
    Slots slots = freshSlots();
    create(
        s,
        CronJobFixture.of(slots.schedule(), "select 1 /* sim: run 10m */")
            .named(s.namespace(), "replaced")
            .with(spec -> spec.setConcurrencyPolicy(ConcurrencyPolicy.Replace)));
    waitForCron(s, "replaced", c -> slots.first().toString().equals(next(c)));
    comeTo(s, "replaced", slots.first());
    String first = RunNames.forSlot("replaced", slots.first());
    s.waitFor(first, job -> Scenario.phase(job, Phase.Running));

    comeTo(s, "replaced", slots.second());

    String second = RunNames.forSlot("replaced", slots.second());
    DliJob cancelled = s.waitFor(first, job -> Scenario.phase(job, Phase.Cancelled));
    assertThat(cancelled.getSpec().getCancel()).isTrue();
    assertThat(cancelled.getStatus().getCancellation().getReason())
        .isEqualTo(CancelReason.Requested);
    assertThat(OPERATOR.simulator().sqlJobStatus(cancelled.getStatus().getJobId()))
        .isEqualTo("CANCELLED");
    s.waitFor(second, job -> Scenario.phase(job, Phase.Running));
    s.expectEvent("replaced", e -> e.getReason().equals("RunReplaced"));
    DliCronJob cron =
        waitForCron(
            s,
            "replaced",
            c ->
                c.getStatus().getActive().stream()
                    .map(a -> a.getName())
                    .toList()
                    .equals(List.of(second)));
    assertThat(cron.getStatus().getActive().get(0).getJobId()).isNotBlank();
  }

  @Test
  void deletingTheCronDeletesItsRunsAndCancelsTheRunningDliJob() {
    Scenario s = Scenario.inNewNamespace(OPERATOR, "cron-gc");
    create(
        s,
        CronJobFixture.daily("select 1 /* sim: run 10m */")
            .named(s.namespace(), "collected")
            .annotated(DliCronJob.RUN_NOW_ANNOTATION, "go"));
    String runName = RunNames.forRunNow("collected", "go");
    String jobId =
        s.waitFor(runName, job -> Scenario.phase(job, Phase.Running)).getStatus().getJobId();

    OPERATOR
        .client()
        .resources(DliCronJob.class)
        .inNamespace(s.namespace())
        .withName("collected")
        .delete();

    // The garbage collector takes up new resource types at its discovery resync (every 30 s), so
    // right after the CRDs' installation it may need longer than other waits.
    OPERATOR
        .client()
        .resources(DliJob.class)
        .inNamespace(s.namespace())
        .withName(runName)
        .waitUntilCondition(Objects::isNull, 2 * Wait.BOUND.toSeconds(), TimeUnit.SECONDS);
    assertThat(OPERATOR.simulator().sqlJobStatus(jobId))
        .as("the run's deletionPolicy Cancel applied")
        .isEqualTo("CANCELLED");
  }

  @Test
  void anOperatorRestartAfterASlotStartsNothingTwiceEvenWithTheStatusLost() {
    Scenario s = Scenario.inNewNamespace(OPERATOR, "cron-restart");
    Slots slots = freshSlots();
    create(
        s,
        CronJobFixture.of(slots.schedule(), "select 1 /* sim: run 10m */")
            .named(s.namespace(), "once"));
    waitForCron(s, "once", c -> slots.first().toString().equals(next(c)));
    comeTo(s, "once", slots.first());
    String runName = RunNames.forSlot("once", slots.first());
    DliJob run = s.waitFor(runName, job -> Scenario.phase(job, Phase.Running));
    waitForCron(
        s, "once", c -> slots.first().toString().equals(c.getStatus().getLastScheduleTime()));

    OPERATOR.stopOperator();
    // As if the status write after the run's creation had been lost.
    KubernetesClient client = OPERATOR.client();
    DliCronJob stored =
        client.resources(DliCronJob.class).inNamespace(s.namespace()).withName("once").get();
    stored.setStatus(new DliCronJobStatus());
    client.resource(stored).updateStatus();
    OPERATOR.startOperator();

    waitForCron(
        s, "once", c -> slots.first().toString().equals(c.getStatus().getLastScheduleTime()));
    assertThat(runsOf(s, "once")).containsExactly(runName);
    assertThat(OPERATOR.simulator().sqlJobsTagged("dli-operator-uid", run.getMetadata().getUid()))
        .hasSize(1);
    // The Event is told by the look that records the run in the status: a status wiped from
    // outside has it told again, of the same run; a crash before the record loses none.
    assertThat(s.events("once").stream().filter(e -> e.getReason().equals("RunStarted")))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getMessage()).contains(runName));
  }

  @Test
  void eachNewRunNowValueStartsOneRun() {
    Scenario s = Scenario.inNewNamespace(OPERATOR, "cron-now");
    create(
        s,
        CronJobFixture.daily("select 1 /* sim: run 100ms */")
            .named(s.namespace(), "adhoc")
            .annotated(DliCronJob.RUN_NOW_ANNOTATION, "first"));
    String first = RunNames.forRunNow("adhoc", "first");
    s.waitFor(first, Objects::nonNull);
    waitForCron(s, "adhoc", c -> "first".equals(c.getStatus().getLastRunNow()));

    touch(s, "adhoc");
    annotate(s, "adhoc", DliCronJob.RUN_NOW_ANNOTATION, "second");

    String second = RunNames.forRunNow("adhoc", "second");
    s.waitFor(second, Objects::nonNull);
    waitForCron(s, "adhoc", c -> "second".equals(c.getStatus().getLastRunNow()));
    assertThat(runsOf(s, "adhoc")).containsExactlyInAnyOrder(first, second);
    List<Event> started =
        s.events("adhoc").stream().filter(e -> e.getReason().equals("RunStarted")).toList();
    assertThat(started).hasSize(2);
  }

  @Test
  void anUnknownTimeZoneIsStalledNamingTheField() {
    Scenario s = Scenario.inNewNamespace(OPERATOR, "cron-zone");
    create(
        s,
        CronJobFixture.daily("select 1")
            .named(s.namespace(), "zoned")
            .with(spec -> spec.setTimeZone("Europe/Berln")));
    DliCronJob cron = waitForCron(s, "zoned", c -> c.getStatus().getObservedGeneration() == 1L);
    Condition stalled = condition(cron, Conditions.STALLED);
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("InvalidTimeZone");
    assertThat(stalled.getMessage()).startsWith("spec.timeZone:");
    s.expectEvent("zoned", e -> e.getReason().equals("InvalidSchedule"));
  }

  @Test
  void theApiServerRefusesWhatACronCannotRunAndLetsTheTemplateChange() {
    Scenario s = Scenario.inNewNamespace(OPERATOR, "cron-crd");
    refused(
        s,
        CronJobFixture.daily("select 1")
            .named(s.namespace(), "flink")
            .with(
                spec -> {
                  FlinkSqlJobSpec flink = new FlinkSqlJobSpec();
                  flink.setStatement("insert into sink select * from source");
                  flink.setQueue("streaming");
                  spec.getJobTemplate().getSpec().setSql(null);
                  spec.getJobTemplate().getSpec().setFlinkSql(flink);
                }),
        "a Flink (streaming) job runs until stopped");
    refused(
        s,
        CronJobFixture.daily("select 1")
            .named(s.namespace(), "adopting")
            .with(spec -> spec.getJobTemplate().getSpec().setJobId("8ecb0777")),
        "it cannot adopt one");
    refused(
        s,
        CronJobFixture.daily("select 1")
            .named(s.namespace(), "suspending")
            .with(spec -> spec.getJobTemplate().getSpec().setSuspend(true)),
        "spec.suspend is for Flink jobs");
    refused(
        s,
        CronJobFixture.of("CRON_TZ=Europe/Berlin 0 3 * * *", "select 1")
            .named(s.namespace(), "prefixed"),
        "set the zone in spec.timeZone");
    refused(
        s,
        CronJobFixture.daily("select 1").named(s.namespace(), "n".repeat(53)),
        "at most 52 characters");

    create(s, CronJobFixture.daily("select 1").named(s.namespace(), "editable"));
    OPERATOR
        .client()
        .resources(DliCronJob.class)
        .inNamespace(s.namespace())
        .withName("editable")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\": {\"jobTemplate\": {\"spec\": {\"sql\": {\"statement\": \"select 2\"}}}}}");
    assertThat(
            OPERATOR
                .client()
                .resources(DliCronJob.class)
                .inNamespace(s.namespace())
                .withName("editable")
                .get()
                .getSpec()
                .getJobTemplate()
                .getSpec()
                .getSql()
                .getStatement())
        .as("a template is not a submission: its statement may change")
        .isEqualTo("select 2");
  }

  private static void refused(Scenario s, CronJobFixture fixture, String message) {
    assertThatThrownBy(() -> OPERATOR.client().resource(fixture.build()).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }

  private static DliCronJob create(Scenario s, CronJobFixture fixture) {
    return OPERATOR.client().resource(fixture.build()).create();
  }

  /**
   * Moves the cron clock to just before the slot and wakes the cron, which reschedules itself for
   * the slot: the run then starts on the operator's own wake-up.
   */
  private static void comeTo(Scenario s, String name, Instant slot) {
    OPERATOR.cronClock().advanceTo(slot.minusSeconds(1));
    touch(s, name);
  }

  private static void touch(Scenario s, String name) {
    annotate(s, name, "test.dli.operator.dev/touch", String.valueOf(TOUCHES.incrementAndGet()));
  }

  /**
   * As kubectl annotate does: a merge patch, which no status write of the operator conflicts with.
   */
  private static void annotate(Scenario s, String name, String key, String value) {
    OPERATOR
        .client()
        .resources(DliCronJob.class)
        .inNamespace(s.namespace())
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of(key, value)))));
  }

  private static DliCronJob waitForCron(Scenario s, String name, Predicate<DliCronJob> condition) {
    return OPERATOR
        .client()
        .resources(DliCronJob.class)
        .inNamespace(s.namespace())
        .withName(name)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getObservedGeneration() != null
                    && c.getStatus().getObservedGeneration() > 0
                    && condition.test(c),
            Wait.BOUND.toSeconds(),
            TimeUnit.SECONDS);
  }

  private static List<String> runsOf(Scenario s, String cron) {
    return OPERATOR
        .client()
        .resources(DliJob.class)
        .inNamespace(s.namespace())
        .withLabel(DliCronJob.CRONJOB_LABEL, cron)
        .list()
        .getItems()
        .stream()
        .map(job -> job.getMetadata().getName())
        .toList();
  }

  private static String next(DliCronJob cron) {
    return cron.getStatus().getNextScheduleTime();
  }

  private static Condition condition(DliCronJob cron, String type) {
    return cron.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
