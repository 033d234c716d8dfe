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

  /**
   * spec.suspend stops the job with a savepoint; Suspended shows the savepoint's path from the
   * job's detail; false runs the same DLI job again, from that savepoint.
   */
  @Test
  void suspendedWithASavepointAndResumedFromItAsTheSameJob() {
    long createsBefore = calls("POST", "sql-jobs");
    DliJob created = scenario.create("suspended", DliJobFixture.flinkSql(STREAMS));
    long jobId =
        Long.parseLong(
            scenario
                .waitFor("suspended", dliStatus(Phase.Running, "job_running"))
                .getStatus()
                .getJobId());

    scenario.patchSpec("suspended", "{\"suspend\": true}");
    scenario.waitFor("suspended", job -> Scenario.phase(job, Phase.Suspending));
    DliJob suspended =
        scenario.waitFor("suspended", dliStatus(Phase.Suspended, "job_cancel_success"));
    String savepoint = suspended.getStatus().getSavepointPath();
    assertThat(savepoint).startsWith("obs://simulated/savepoints/" + jobId + "/");
    assertThat(scenario.sim().flinkSavepointTaken(jobId)).isTrue();
    assertThat(suspended.getStatus().getCancellation()).isNull();
    assertThat(suspended.getStatus().getCompletionTime()).isNull();
    assertThat(Scenario.condition(suspended, "Ready").getStatus()).isEqualTo("True");
    assertThat(Scenario.condition(suspended, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(suspended.getStatus().getObservedGeneration())
        .isEqualTo(suspended.getMetadata().getGeneration());
    scenario.expectEvents("suspended", EventReason.SuspendRequested, EventReason.Suspended);

    scenario.patchSpec("suspended", "{\"suspend\": false}");
    DliJob resumed = scenario.waitFor("suspended", dliStatus(Phase.Running, "job_running"));
    assertThat(resumed.getStatus().getJobId())
        .as("the same DLI job")
        .isEqualTo(String.valueOf(jobId));
    assertThat(scenario.sim().flinkResumedFrom(jobId))
        .as("run with resume_savepoint, from the savepoint the stop took")
        .containsExactly(savepoint);
    assertThat(jobsOf(created)).containsExactly(Map.entry(jobId, "job_running"));
    assertThat(calls("POST", "sql-jobs") - createsBefore).as("created once").isEqualTo(1);
    scenario.expectEvents("suspended", EventReason.Resumed);
  }

  @Test
  void aSuspendedJobIsDeletedWithItsDefinition() {
    DliJob created = scenario.create("suspend-delete", DliJobFixture.flinkJar(""));
    scenario.waitFor("suspend-delete", dliStatus(Phase.Running, "job_running"));
    scenario.patchSpec("suspend-delete", "{\"suspend\": true}");
    scenario.waitFor("suspend-delete", dliStatus(Phase.Suspended, "job_cancel_success"));
    long stopsBefore = calls("POST", "jobs/stop");
    scenario.delete("suspend-delete");
    scenario.waitGone("suspend-delete");
    assertThat(jobsOf(created)).as("its definition deleted in DLI").isEmpty();
    assertThat(calls("POST", "jobs/stop") - stopsBefore).as("nothing left to stop").isZero();
  }

  @Test
  void aJobCreatedSuspendedIsSubmittedOnlyOnceResumed() {
    long createsBefore = calls("POST", "sql-jobs");
    DliJob created =
        scenario.create(
            "created-suspended",
            DliJobFixture.flinkSql(STREAMS).with(spec -> spec.setSuspend(true)));
    DliJob held =
        scenario.waitFor(
            "created-suspended",
            job -> Scenario.phase(job, Phase.Suspended) && job.getStatus().getJobId() == null);
    assertThat(Scenario.condition(held, "Ready").getStatus()).isEqualTo("True");
    assertThat(calls("POST", "sql-jobs") - createsBefore).isZero();
    scenario.patchSpec("created-suspended", "{\"suspend\": false}");
    scenario.waitFor("created-suspended", dliStatus(Phase.Running, "job_running"));
    assertThat(jobsOf(created)).hasSize(1);
  }

  /**
   * A Flink job running in DLI (left by a DliJob deleted with Orphan) is adopted by its job ID:
   * observed and stopped, never created, and its definition stays when its DliJob goes.
   */
  @Test
  void anAdoptedFlinkJobIsObservedAndStoppedNeverCreated() {
    DliJob first =
        scenario.create(
            "left-running",
            DliJobFixture.flinkSql(STREAMS)
                .with(spec -> spec.setDeletionPolicy(DeletionPolicy.Orphan)));
    String jobId =
        scenario
            .waitFor("left-running", dliStatus(Phase.Running, "job_running"))
            .getStatus()
            .getJobId();
    scenario.delete("left-running");
    scenario.waitGone("left-running");

    long createsBefore = calls("POST", "sql-jobs");
    long runsBefore = calls("POST", "jobs/run");
    scenario.create("adopted", DliJobFixture.flinkSql(STREAMS).with(spec -> spec.setJobId(jobId)));
    DliJob adopted = scenario.waitFor("adopted", dliStatus(Phase.Running, "job_running"));
    assertThat(adopted.getStatus().getJobId()).isEqualTo(jobId);
    scenario.expectEvents("adopted", EventReason.Adopted);

    scenario.cancel("adopted");
    scenario.waitFor("adopted", dliStatus(Phase.Cancelled, "job_cancel_success"));
    scenario.delete("adopted");
    scenario.waitGone("adopted");
    assertThat(calls("POST", "sql-jobs") - createsBefore).as("never created").isZero();
    assertThat(calls("POST", "jobs/run") - runsBefore).as("never run").isZero();
    assertThat(jobsOf(first))
        .as("stopped; the definition the operator did not create stays")
        .containsExactly(Map.entry(Long.parseLong(jobId), "job_cancel_success"));
  }

  /**
   * DLI accepted the run but the job stays job_submitting: Stalled after the start timeout (5 s).
   */
  @Test
  void aJobThatDoesNotStartIsStalledWithTheReason() {
    scenario.create("no-room", DliJobFixture.flinkSql(STREAMS + " /* sim: start after 1h */"));
    DliJob stalled =
        scenario.waitFor(
            "no-room",
            job ->
                job.getStatus() != null
                    && "FlinkStartTimeout".equals(job.getStatus().getStalledReason()));
    assertThat(stalled.getStatus().getDliStatus()).isEqualTo("job_submitting");
    assertThat(stalled.getStatus().getStartingSince()).isNotNull();
    assertThat(Scenario.condition(stalled, "Stalled").getStatus()).isEqualTo("True");
    assertThat(Scenario.condition(stalled, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(Scenario.condition(stalled, "Stalled").getMessage())
        .contains("job_submitting")
        .contains("DLI_FLINK_START_TIMEOUT");
    assertThat(stalled.getStatus().getMessage())
        .as("not shown as a job that runs")
        .isEqualTo(Scenario.condition(stalled, "Stalled").getMessage());
    assertThat(Scenario.condition(stalled, "Ready").getStatus()).isEqualTo("False");
    scenario.expectEvents("no-room", EventReason.Stalled);
  }
}
