package dev.operator.dli.reconciler;

import static dev.operator.dli.testing.Scenario.condition;
import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.Attempt;
import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.backoffLimit on the real API server with the simulator: each attempt is one tagged DLI job,
 * through failures, the limit, a cancel or a deletion during the back-off, an operator killed
 * during the back-off and a crash between an attempt's submit and its status write. The back-off is
 * the real one (10 s, then 20 s).
 */
class RetriesScenarioIT {
  @RegisterExtension static final OperatorUnderTest operator = new OperatorUnderTest();

  private Scenario scenario;

  /** Text in this test's submit requests only, so that a failRun fault hits this resource only. */
  private String marker;

  @BeforeEach
  void namespace() {
    scenario = Scenario.inNewNamespace(operator, "retries");
    marker = UUID.randomUUID().toString();
  }

  @AfterEach
  void clearFaults() {
    operator.simulator().faults().clear();
  }

  /** The first {@code n} submits of this test's resource end FAILED (SQL) or dead (Spark). */
  private void failFirst(int n) {
    scenario
        .sim()
        .faults()
        .add(FaultRule.of(FaultRule.Type.failRun).forBodiesWith(marker).times(n));
  }

  private DliJob sql(String name, int backoffLimit) {
    return scenario.create(
        name,
        DliJobFixture.sql("insert into report select 1 /* " + marker + " */")
            .with(spec -> spec.setBackoffLimit(backoffLimit)));
  }

  /** The resource's SQL jobs, oldest first, by the attempt tag each carries. */
  private List<String> jobsOfAttempt(DliJob job, int attempt) {
    List<String> ofAttempt =
        scenario.sim().sqlJobsTagged("dli-operator-attempt", String.valueOf(attempt));
    return scenario.sim().sqlJobsTagged("dli-operator-uid", job.getMetadata().getUid()).stream()
        .filter(ofAttempt::contains)
        .toList();
  }

  private long deletes(String jobId) {
    return scenario
        .sim()
        .journal()
        .count("DELETE", "/v1.0/" + scenario.sim().config().projectId() + "/jobs/" + jobId);
  }

  private static boolean backingOff(DliJob job) {
    return phase(job, Phase.Pending) && job.getStatus().getNextAttemptAt() != null;
  }

  private double retriesCounted() {
    return operator.metrics().counter("dli.job.retries").count();
  }

  @Test
  void aJobThatFailsTwiceSucceedsOnItsThirdAttempt() {
    double retriesBefore = retriesCounted();
    failFirst(2);
    DliJob created = sql("fails-twice", 2);

    DliJob waiting = scenario.waitFor("fails-twice", RetriesScenarioIT::backingOff);
    assertThat(waiting.getStatus().getMessage())
        .startsWith(
            "attempt 2 of 3 in 10 s, after DLI job "
                + waiting.getStatus().getJobId()
                + " FAILED: DLI.0005");
    assertThat(condition(waiting, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(waiting, "Reconciling").getReason()).isEqualTo("Retrying");
    assertThat(condition(waiting, "Stalled").getStatus()).isEqualTo("False");

    DliJob done = scenario.waitFor("fails-twice", job -> phase(job, Phase.Succeeded));
    List<Attempt> attempts = done.getStatus().getAttempts();
    assertThat(attempts).extracting(Attempt::getAttempt).containsExactly(1, 2, 3);
    assertThat(attempts)
        .extracting(Attempt::getDliStatus)
        .containsExactly("FAILED", "FAILED", "FINISHED");
    assertThat(attempts.get(0).getMessage()).contains("DLI.0005");
    assertThat(done.getStatus().getJobId()).isEqualTo(attempts.get(2).getJobId());
    IntStream.rangeClosed(1, 3)
        .forEach(
            n ->
                assertThat(jobsOfAttempt(created, n))
                    .as("DLI jobs of attempt %d", n)
                    .containsExactly(attempts.get(n - 1).getJobId()));
    assertThat(scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid()))
        .hasSize(3);
    scenario.expectEvent(
        "fails-twice",
        e ->
            e.getReason().equals("Retrying")
                && e.getMessage().startsWith("attempt 3 of 3 in 20 s"));
    scenario.expectEvents("fails-twice", EventReason.Retrying, EventReason.Succeeded);
    assertThat(retriesCounted() - retriesBefore).isEqualTo(2);
  }

  @Test
  void theLimitSpentEndsFailedWithTheLastAttemptsMessage() {
    DliJob created =
        scenario.create(
            "always-fails",
            DliJobFixture.sql("select 1 /* sim: fail after 300ms */")
                .with(spec -> spec.setBackoffLimit(1)));
    DliJob failed = scenario.waitFor("always-fails", job -> phase(job, Phase.Failed));
    List<String> jobs =
        scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid());
    assertThat(jobs).hasSize(2);
    assertThat(failed.getStatus().getJobId()).isEqualTo(jobs.get(1));
    assertThat(failed.getStatus().getMessage()).contains("DLI.0005").contains(jobs.get(1));
    assertThat(failed.getStatus().getAttempts()).extracting(Attempt::getJobId).isEqualTo(jobs);
    assertThat(condition(failed, "Stalled").getStatus()).isEqualTo("True");
  }

  @Test
  void aSparkBatchCarriesItsAttemptInItsName() {
    failFirst(1);
    DliJob created =
        scenario.create(
            "nightly",
            DliJobFixture.spark("/* sim: run 300ms */ " + marker)
                .with(spec -> spec.setBackoffLimit(1)));
    DliJob done = scenario.waitFor("nightly", job -> phase(job, Phase.Succeeded));
    String uid = created.getMetadata().getUid();
    assertThat(scenario.sim().sparkBatchesNamed(uid))
        .containsExactly(
            Map.entry("nightly-" + uid, "dead"), Map.entry("nightly-" + uid + "-2", "success"));
    assertThat(done.getStatus().getAttempts())
        .extracting(Attempt::getDliStatus)
        .containsExactly("dead", "success");
  }

  @Test
  void aCancelDuringTheBackOffEndsCancelledWithoutACall() {
    failFirst(1);
    DliJob created = sql("cancel-waiting", 1);
    DliJob waiting = scenario.waitFor("cancel-waiting", RetriesScenarioIT::backingOff);
    scenario.cancel("cancel-waiting");
    DliJob cancelled = scenario.waitFor("cancel-waiting", job -> phase(job, Phase.Cancelled));
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
    assertThat(cancelled.getStatus().getCancellation().getAttempts()).isZero();
    assertThat(condition(cancelled, "Ready").getStatus()).isEqualTo("True");
    assertThat(scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid()))
        .containsExactly(waiting.getStatus().getJobId());
    assertThat(deletes(waiting.getStatus().getJobId())).isZero();
  }

  @Test
  void aDeletionDuringTheBackOffReleasesAtOnce() {
    failFirst(1);
    DliJob created = sql("delete-waiting", 1);
    DliJob waiting = scenario.waitFor("delete-waiting", RetriesScenarioIT::backingOff);
    scenario.delete("delete-waiting");
    scenario.waitGone("delete-waiting");
    assertThat(scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid()))
        .containsExactly(waiting.getStatus().getJobId());
    assertThat(deletes(waiting.getStatus().getJobId())).isZero();
  }

  @Test
  void aKillDuringTheBackOffAndACrashAfterAnAttemptsSubmitStillMakeOneJobPerAttempt() {
    failFirst(2);
    DliJob created = sql("crashes", 2);
    scenario.waitFor("crashes", RetriesScenarioIT::backingOff);
    operator.stopOperator(); // killed during the first back-off
    operator.startOperator();
    // Attempt 2 fails too; the crash seam then fires right after attempt 3's submit call, before
    // its job ID is stored: the restarted pass must find that job by its attempt tag.
    scenario.waitFor(
        "crashes",
        job -> backingOff(job) && job.getStatus().getMessage().startsWith("attempt 3 of 3"));
    operator.onNextSubmit(
        () -> {
          throw new IllegalStateException("simulated crash after the submit call");
        });
    DliJob done = scenario.waitFor("crashes", job -> phase(job, Phase.Succeeded));
    List<Attempt> attempts = done.getStatus().getAttempts();
    assertThat(attempts).extracting(Attempt::getAttempt).containsExactly(1, 2, 3);
    IntStream.rangeClosed(1, 3)
        .forEach(
            n ->
                assertThat(jobsOfAttempt(created, n))
                    .as("DLI jobs of attempt %d", n)
                    .containsExactly(attempts.get(n - 1).getJobId()));
    scenario.expectEvent(
        "crashes", e -> e.getMessage().contains("submitted before the operator stopped"));
  }
}
