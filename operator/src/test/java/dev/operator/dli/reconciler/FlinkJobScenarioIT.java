package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.FlinkStop;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.Wait;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flink SQL and Jar DliJobs on the real API server, with the simulator's Flink endpoints. */
class FlinkJobScenarioIT {
  /** A stop takes a second, so that stopping can be seen. */
  @RegisterExtension
  static final OperatorUnderTest operator = new OperatorUnderTest(Duration.ofSeconds(1));

  private static final String STREAMS = "insert into sink select * from orders";

  private Scenario scenario;

  @BeforeEach
  void namespace() {
    scenario = Scenario.inNewNamespace(operator, "flink");
  }

  @AfterEach
  void clearFaults() {
    operator.simulator().faults().clear();
  }

  private static Predicate<DliJob> dliStatus(Phase phase, String status) {
    return job ->
        job.getStatus() != null
            && job.getStatus().getPhase() == phase
            && status.equals(job.getStatus().getDliStatus());
  }

  /** The Flink jobs in DLI that carry the resource's UID: {job ID: status}. */
  private Map<Long, String> jobsOf(DliJob job) {
    return scenario.sim().flinkJobsTagged("dli-operator-uid", job.getMetadata().getUid());
  }

  private long calls(String method, String path) {
    return scenario
        .sim()
        .journal()
        .count(method, "/v1.0/" + scenario.sim().config().projectId() + "/streaming/" + path);
  }

  @Test
  void aFlinkSqlJobRunsAndIsStoppedByCancel() {
    long createsBefore = calls("POST", "sql-jobs");
    DliJob created = scenario.create("orders", DliJobFixture.flinkSql(STREAMS));
    DliJob running = scenario.waitFor("orders", dliStatus(Phase.Running, "job_running"));
    assertThat(running.getStatus().getQueue()).isEqualTo("streaming");
    assertThat(running.getStatus().getJobType()).isEqualTo("flink_opensource_sql_job");
    long jobId = Long.parseLong(running.getStatus().getJobId());
    assertThat(jobsOf(created)).containsExactly(Map.entry(jobId, "job_running"));

    scenario.cancel("orders");
    DliJob cancelled = scenario.waitFor("orders", dliStatus(Phase.Cancelled, "job_cancel_success"));
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
    assertThat(cancelled.getStatus().getCancellation().getReason())
        .isEqualTo(CancelReason.Requested);
    assertThat(cancelled.getStatus().getCancellation().getIsSuccess())
        .as("DLI's string \"true\", read as true")
        .isTrue();
    assertThat(cancelled.getStatus().getCancellation().getAttempts()).isEqualTo(1);
    assertThat(scenario.sim().flinkSavepointTaken(jobId)).isFalse();
    assertThat(calls("POST", "sql-jobs") - createsBefore).isEqualTo(1);
    assertThat(jobsOf(created))
        .as("a cancel stops the job; its definition stays until the resource goes")
        .containsExactly(Map.entry(jobId, "job_cancel_success"));
  }

  @Test
  void aCancelWithSavepointTakesOne() {
    scenario.create(
        "with-savepoint",
        DliJobFixture.flinkSql(STREAMS)
            .with(
                spec -> {
                  FlinkStop stop = new FlinkStop();
                  stop.setTriggerSavepoint(true);
                  spec.setFlinkStop(stop);
                }));
    long jobId =
        Long.parseLong(
            scenario
                .waitFor("with-savepoint", dliStatus(Phase.Running, "job_running"))
                .getStatus()
                .getJobId());
    scenario.cancel("with-savepoint");
    scenario.waitFor("with-savepoint", dliStatus(Phase.Cancelled, "job_cancel_success"));
    assertThat(scenario.sim().flinkSavepointTaken(jobId)).isTrue();
  }

  @Test
  void deletingARunningJobStopsItAndDeletesItsDefinition() {
    DliJob created = scenario.create("deleted", DliJobFixture.flinkJar(""));
    scenario.waitFor("deleted", dliStatus(Phase.Running, "job_running"));
    scenario.delete("deleted");
    scenario.waitGone("deleted");
    assertThat(jobsOf(created)).as("nothing left behind in DLI").isEmpty();
    assertThat(scenario.sim().journal().entries())
        .as("stopped, then its definition deleted")
        .anyMatch(e -> e.method().equals("POST") && e.path().endsWith("/streaming/jobs/stop"))
        .anyMatch(e -> e.method().equals("DELETE") && e.path().contains("/streaming/jobs/"));
  }

  @Test
  void orphanLeavesTheJobRunning() {
    DliJob created =
        scenario.create(
            "orphan",
            DliJobFixture.flinkSql(STREAMS)
                .with(spec -> spec.setDeletionPolicy(DeletionPolicy.Orphan)));
    long jobId =
        Long.parseLong(
            scenario
                .waitFor("orphan", dliStatus(Phase.Running, "job_running"))
                .getStatus()
                .getJobId());
    scenario.delete("orphan");
    scenario.waitGone("orphan");
    assertThat(jobsOf(created)).containsExactly(Map.entry(jobId, "job_running"));
  }

  @Test
  void aJobThatFailsAtSubmitFails() {
    scenario.create("bad-submit", DliJobFixture.flinkSql(STREAMS + " /* sim: fail at submit */"));
    DliJob failed = scenario.waitFor("bad-submit", dliStatus(Phase.Failed, "job_submit_fail"));
    assertThat(failed.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Stalled");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("JobFailed");
            });
    scenario.expectEvents("bad-submit", EventReason.Failed);
  }

  @Test
  void aJobThatFailsWhileRunningFails() {
    scenario.create("bad-run", DliJobFixture.flinkJar("/* sim: fail after 500ms */"));
    DliJob failed = scenario.waitFor("bad-run", dliStatus(Phase.Failed, "job_running_exception"));
    assertThat(failed.getStatus().getDurationMillis()).isPositive();
  }

  @Test
  void aStopThatFailsOnceIsStoppedAgain() {
    scenario.sim().faults().add(FaultRule.of(FaultRule.Type.stopFails).times(1));
    DliJob created = scenario.create("stubborn", DliJobFixture.flinkSql(STREAMS));
    scenario.waitFor("stubborn", dliStatus(Phase.Running, "job_running"));
    scenario.cancel("stubborn");
    DliJob cancelled =
        scenario.waitFor("stubborn", dliStatus(Phase.Cancelled, "job_cancel_success"));
    assertThat(cancelled.getStatus().getCancellation().getAttempts()).isEqualTo(2);
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
    assertThat(jobsOf(created)).containsValue("job_cancel_success").hasSize(1);
  }

  @Test
  void killedBetweenCreateAndRunTheCreatedJobIsRunNotCreatedAgain() {
    // The run never reaches DLI, and the operator dies before it could try again.
    scenario
        .sim()
        .faults()
        .add(FaultRule.of(FaultRule.Type.drop).on("POST", "/streaming/jobs/run").times(1));
    operator.onNextSubmit(
        () -> {
          throw new IllegalStateException("simulated crash between create and run");
        });
    long createsBefore = calls("POST", "sql-jobs");
    DliJob created = scenario.create("crash-create", DliJobFixture.flinkSql(STREAMS));
    DliJob running = scenario.waitFor("crash-create", dliStatus(Phase.Running, "job_running"));
    assertThat(jobsOf(created))
        .containsExactly(Map.entry(Long.parseLong(running.getStatus().getJobId()), "job_running"));
    assertThat(calls("POST", "sql-jobs") - createsBefore).as("created once").isEqualTo(1);
  }

  @Test
  void killedBetweenRunAndTheStatusWriteTheJobIsFoundAndNotRunAgain() {
    operator.onNextSubmit(
        () -> {
          throw new IllegalStateException("simulated crash after run, before the status write");
        });
    long runsBefore = calls("POST", "jobs/run");
    DliJob created = scenario.create("crash-run", DliJobFixture.flinkSql(STREAMS));
    DliJob running = scenario.waitFor("crash-run", dliStatus(Phase.Running, "job_running"));
    assertThat(jobsOf(created))
        .containsExactly(Map.entry(Long.parseLong(running.getStatus().getJobId()), "job_running"));
    Wait.until("the journal holds the run", () -> calls("POST", "jobs/run") - runsBefore == 1);
    assertThat(calls("POST", "jobs/run") - runsBefore).as("run once").isEqualTo(1);
  }

  /**
   * The operator really stops after DLI created the job and before it could run it (the create's
   * answer comes too late for the stopped process): the next process finds the job in job_init by
   * its lookup and runs it, once.
   */
  @Test
  void stoppedBetweenCreateAndRunTheNextProcessRunsTheCreatedJobOnce() {
    scenario.sim().faults().add(FaultRule.of(FaultRule.Type.submitDelay).withLatency(3000));
    long createsBefore = calls("POST", "sql-jobs");
    long runsBefore = calls("POST", "jobs/run");
    DliJob created = scenario.create("stop-created", DliJobFixture.flinkSql(STREAMS));
    Wait.until("DLI created the job", () -> jobsOf(created).containsValue("job_init"));
    operator.stopOperator();
    scenario.sim().faults().clear();
    Wait.until(
        "the create's late answer went out", () -> calls("POST", "sql-jobs") - createsBefore == 1);
    assertThat(calls("POST", "jobs/run") - runsBefore)
        .as("the stopped process did not run the job after the answer came")
        .isZero();
    assertThat(jobsOf(created)).containsValue("job_init");
    operator.startOperator();

    DliJob running = scenario.waitFor("stop-created", dliStatus(Phase.Running, "job_running"));
    assertThat(jobsOf(created))
        .containsExactly(Map.entry(Long.parseLong(running.getStatus().getJobId()), "job_running"));
    assertThat(calls("POST", "sql-jobs") - createsBefore).as("created once").isEqualTo(1);
    assertThat(calls("POST", "jobs/run") - runsBefore).as("run once").isEqualTo(1);
    scenario.expectEvent(
        "stop-created", e -> e.getMessage().contains("submitted before the operator stopped"));
  }

  /**
   * The operator really stops while DLI runs the job, before the run's answer (and so the job ID)
   * reached the status: the next process finds the job by its lookup and does not run it again.
   */
  @Test
  void stoppedAfterTheRunBeforeTheStatusWriteTheNextProcessFindsTheJobAndRunsItNoMore() {
    scenario
        .sim()
        .faults()
        .add(
            FaultRule.of(FaultRule.Type.latency)
                .withLatency(3000)
                .on("POST", "/streaming/jobs/run")
                .times(1));
    long runsBefore = calls("POST", "jobs/run");
    DliJob created = scenario.create("stop-run", DliJobFixture.flinkSql(STREAMS));
    Wait.until("the run reached DLI", () -> scenario.sim().faults().rules().isEmpty());
    operator.stopOperator();
    Wait.until(
        "DLI ran the job the stopped process asked for",
        () -> !jobsOf(created).isEmpty() && !jobsOf(created).containsValue("job_init"));
    assertThat(scenario.get("stop-run").getStatus().getJobId())
        .as("the run's answer never reached the status")
        .isNull();
    operator.startOperator();

    DliJob running = scenario.waitFor("stop-run", dliStatus(Phase.Running, "job_running"));
    assertThat(jobsOf(created))
        .containsExactly(Map.entry(Long.parseLong(running.getStatus().getJobId()), "job_running"));
    assertThat(calls("POST", "jobs/run") - runsBefore).as("run once").isEqualTo(1);
  }
}
