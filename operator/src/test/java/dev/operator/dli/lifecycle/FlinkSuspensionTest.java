package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.FlinkSqlJobSpec;
import dev.operator.dli.api.Phase;
import dev.operator.dli.api.SqlJobSpec;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spec.suspend of a Flink job: stop with a savepoint, Suspended with its path, resume the same job
 * from it; a cancel or a deletion of a suspended job is final and needs no call.
 */
class FlinkSuspensionTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final String SAVEPOINT = "obs://bucket/savepoints/10001/1764410000000";
  private final Decisions decisions = new Decisions(Timing.defaults(), NOW.minusSeconds(3600));
  private final Outcomes outcomes = new Outcomes(Timing.defaults(), NOW.minusSeconds(3600));

  private static DliJobSpec flink(Consumer<DliJobSpec> change) {
    DliJobSpec spec = new DliJobSpec();
    FlinkSqlJobSpec sql = new FlinkSqlJobSpec();
    sql.setStatement("insert into sink select * from src");
    sql.setQueue("streaming");
    spec.setFlinkSql(sql);
    change.accept(spec);
    return spec;
  }

  private static Consumer<DliJobSpec> suspend(boolean value) {
    return spec -> spec.setSuspend(value);
  }

  private static DliJobStatus status(Phase phase, String dliStatus) {
    DliJobStatus st = new DliJobStatus();
    st.setPhase(phase);
    st.setJobId(phase == Phase.Pending ? null : "10001");
    st.setDliStatus(dliStatus);
    st.setSubmittedAt(phase == Phase.Pending ? null : NOW.minusSeconds(600).toString());
    return st;
  }

  private static Snapshot snapshot(DliJobSpec spec, DliJobStatus st, boolean deleting) {
    return Snapshot.of(spec, st, NOW)
        .deleting(deleting)
        .createdAt(NOW.minusSeconds(900))
        .observed(true)
        .build();
  }

  private static DliObservation seen(String status, String savepointPath) {
    return new DliObservation.Seen(
        new JobView(status, "flink_sql_job", "streaming", 1L, 60_000L, null, "", savepointPath));
  }

  static Stream<Arguments> decisionRows() {
    DliJobSpec orphan = flink(suspend(true));
    orphan.setDeletionPolicy(DeletionPolicy.Orphan);
    DliJobStatus pendingStatus = new DliJobStatus();
    DliJobStatus heldStatus = new DliJobStatus();
    heldStatus.setPhase(Phase.Suspended);
    DliJobSpec cancelled = flink(suspend(true));
    cancelled.setCancel(true);
    return Stream.of(
        // row, spec, status, deleting, expected
        Arguments.of(
            "running, suspend asked: stop it with a savepoint",
            flink(suspend(true)),
            status(Phase.Running, "job_running"),
            false,
            new Action.Suspend()),
        Arguments.of(
            "running, suspend false: nothing to do",
            flink(suspend(false)),
            status(Phase.Running, "job_running"),
            false,
            new Action.Wait(null)),
        Arguments.of(
            "suspending: the stop is under way",
            flink(suspend(true)),
            status(Phase.Suspending, "job_savepointing"),
            false,
            new Action.Wait(null)),
        Arguments.of(
            "suspended, suspend still asked: it stays so",
            flink(suspend(true)),
            status(Phase.Suspended, "job_cancel_success"),
            false,
            new Action.Wait(null)),
        Arguments.of(
            "suspended, suspend false: run the same job from its savepoint",
            flink(suspend(false)),
            status(Phase.Suspended, "job_cancel_success"),
            false,
            new Action.Resume()),
        Arguments.of(
            "suspending when false comes: the stop ends first, then the resume",
            flink(suspend(false)),
            status(Phase.Suspending, "job_canceling"),
            false,
            new Action.Wait(null)),
        Arguments.of(
            "set at creation: nothing is submitted",
            flink(suspend(true)),
            pendingStatus,
            false,
            new Action.HoldSuspended()),
        Arguments.of(
            "held at creation: waits for suspend false",
            flink(suspend(true)),
            heldStatus,
            false,
            new Action.Wait(null)),
        Arguments.of(
            "held at creation, suspend false: submitted now",
            flink(suspend(false)),
            heldStatus,
            false,
            new Action.Submit()),
        Arguments.of(
            "held at creation, then deleted: nothing to cancel",
            flink(suspend(true)),
            heldStatus,
            true,
            new Action.Release("no DLI job was submitted")),
        Arguments.of(
            "held at creation, then cancelled: Cancelled without a call",
            cancelled,
            heldStatus,
            false,
            new Action.CancelBeforeSubmit(CancelReason.Requested)),
        Arguments.of(
            "running, suspend and cancel both asked: the cancel wins",
            cancelled,
            status(Phase.Running, "job_running"),
            false,
            new Action.Cancel(CancelReason.Requested)),
        Arguments.of(
            "deleted while suspending: the stop under way ends it",
            flink(suspend(true)),
            status(Phase.Suspending, "job_canceling"),
            true,
            new Action.Wait(null)),
        Arguments.of(
            "suspended and deleted with Orphan: job and definition are left",
            orphan,
            status(Phase.Suspended, "job_cancel_success"),
            true,
            new Action.Release("deletionPolicy is Orphan: the DLI job was left as it is", false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisionRows")
  void decides(String row, DliJobSpec spec, DliJobStatus st, boolean deleting, Action expected) {
    assertThat(decisions.decide(snapshot(spec, st, deleting))).isEqualTo(expected);
  }

  @Test
  void aSqlJobIsNeverSuspendedWhateverTheSpecSays() {
    DliJobSpec spec = new DliJobSpec();
    SqlJobSpec sql = new SqlJobSpec();
    sql.setStatement("select 1");
    spec.setSql(sql);
    spec.setSuspend(true);
    DliJobStatus running = status(Phase.Running, "RUNNING");
    assertThat(decisions.decide(snapshot(spec, running, false))).isEqualTo(new Action.Wait(null));
    assertThat(decisions.decide(snapshot(spec, new DliJobStatus(), false)))
        .isEqualTo(new Action.Submit());
  }

  @Test
  void aSuspendTakesTheJobToSuspendedWithItsSavepoint() {
    DliJobSpec spec = flink(suspend(true));
    DliJobStatus st = status(Phase.Running, "job_running");

    List<JobEvent> asked =
        outcomes.suspensionAnswered(
            st, new Suspension.Stop(new CancelAnswer.Accepted(200, true, "delivered")), NOW);
    assertThat(st.getPhase()).isEqualTo(Phase.Suspending);
    assertThat(asked).extracting(JobEvent::reason).containsExactly(EventReason.SuspendRequested);

    assertThat(outcomes.observed(snapshot(spec, st, false), st, seen("job_savepointing", null)))
        .isEmpty();
    assertThat(st.getPhase()).isEqualTo(Phase.Suspending);
    assertThat(st.getMessage()).isEqualTo("suspending: DLI job is job_savepointing");

    List<JobEvent> stopped =
        outcomes.observed(snapshot(spec, st, false), st, seen("job_cancel_success", SAVEPOINT));
    assertThat(st.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(st.getSavepointPath()).isEqualTo(SAVEPOINT);
    assertThat(st.getCompletionTime()).as("a suspended job has not ended").isNull();
    assertThat(st.getCancellation()).isNull();
    assertThat(st.getMessage())
        .isEqualTo(
            "stopped with savepoint "
                + SAVEPOINT
                + "; spec.suspend false runs the job again from it");
    assertThat(stopped).extracting(JobEvent::reason).containsExactly(EventReason.Suspended);

    assertThat(
            outcomes.observed(snapshot(spec, st, false), st, seen("job_cancel_success", SAVEPOINT)))
        .as("read again: no second Event")
        .isEmpty();
  }

  @Test
  void aSavepointWhosePathDliDoesNotGiveStillSuspends() {
    DliJobSpec spec = flink(suspend(true));
    DliJobStatus st = status(Phase.Suspending, "job_canceling");
    outcomes.observed(snapshot(spec, st, false), st, seen("job_cancel_success", ""));
    assertThat(st.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(st.getSavepointPath()).isNull();
    assertThat(st.getMessage()).startsWith("stopped with a savepoint; DLI did not say its path");
  }

  @Test
  void aStopThatFailsLeavesTheJobRunningToBeStoppedAgain() {
    DliJobSpec spec = flink(suspend(true));
    DliJobStatus st = status(Phase.Suspending, "job_canceling");
    outcomes.observed(snapshot(spec, st, false), st, seen("job_cancel_fail", null));
    assertThat(st.getPhase()).isEqualTo(Phase.Running);
    assertThat(decisions.decide(snapshot(spec, st, false))).isEqualTo(new Action.Suspend());
  }

  @Test
  void aJobThatFailsWhileSuspendingFails() {
    DliJobSpec spec = flink(suspend(true));
    DliJobStatus st = status(Phase.Suspending, "job_savepointing");
    outcomes.observed(snapshot(spec, st, false), st, seen("job_running_exception", null));
    assertThat(st.getPhase()).isEqualTo(Phase.Failed);
  }

  @Test
  void aResumeRunsTheSameJobAgain() {
    DliJobStatus st = status(Phase.Suspended, "job_cancel_success");
    st.setSavepointPath(SAVEPOINT);
    List<JobEvent> events = outcomes.suspensionAnswered(st, new Suspension.Resume(null), NOW);
    assertThat(st.getPhase()).isEqualTo(Phase.Running);
    assertThat(st.getJobId()).isEqualTo("10001");
    assertThat(st.getMessage()).isEqualTo("DLI runs the job again from savepoint " + SAVEPOINT);
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Resumed);
  }

  /**
   * DLI's run is asynchronous: a read just after the resume may still show the stop. Within the
   * settle that is lag, not an end; the first read that shows the run ends the wait; after the
   * settle the stop counts.
   */
  @Test
  void aStopStillShownJustAfterAResumeIsDlisLag() {
    DliJobSpec spec = flink(suspend(false));
    DliJobStatus st = status(Phase.Suspended, "job_cancel_success");
    st.setSavepointPath(SAVEPOINT);
    outcomes.suspensionAnswered(st, new Suspension.Resume(null), NOW);
    assertThat(st.getResumedAt()).isEqualTo(NOW.toString());

    Snapshot soon = Snapshot.of(spec, st, NOW.plusSeconds(5)).observed(true).build();
    assertThat(outcomes.observed(soon, st, seen("job_cancel_success", SAVEPOINT))).isEmpty();
    assertThat(st.getPhase()).isEqualTo(Phase.Running);
    assertThat(st.getMessage()).contains("waiting for the run to show");
    assertThat(decisions.decide(soon)).isEqualTo(new Action.Wait(null));

    DliJobStatus late = status(Phase.Running, "job_cancel_success");
    late.setResumedAt(NOW.toString());
    Snapshot afterSettle =
        Snapshot.of(spec, late, NOW.plus(Timing.defaults().lookupSettle())).build();
    outcomes.observed(afterSettle, late, seen("job_cancel_success", SAVEPOINT));
    assertThat(late.getPhase())
        .as("stopped for good: not the operator's doing")
        .isEqualTo(Phase.Failed);

    outcomes.observed(soon, st, seen("job_submitting", null));
    assertThat(st.getResumedAt()).as("the run shows").isNull();
    assertThat(st.getPhase()).isEqualTo(Phase.Running);
    outcomes.observed(soon, st, seen("job_cancel_success", SAVEPOINT));
    assertThat(st.getPhase()).as("a stop seen after the run showed is one").isEqualTo(Phase.Failed);
  }

  /** A cancel just after a resume is sent, and the stop it asked for then counts as its outcome. */
  @Test
  void aCancelJustAfterAResumeStopsTheRun() {
    DliJobSpec spec = flink(suspend(false));
    spec.setCancel(true);
    DliJobStatus st = status(Phase.Running, "job_cancel_success");
    st.setResumedAt(NOW.toString());
    Snapshot read = Snapshot.of(spec, st, NOW.plusSeconds(5)).build();
    outcomes.observed(read, st, seen("job_cancel_success", SAVEPOINT));
    assertThat(st.getPhase()).isEqualTo(Phase.Running);
    Snapshot decide = Snapshot.of(spec, st, NOW.plusSeconds(5)).observed(true).build();
    assertThat(decisions.decide(decide)).isEqualTo(new Action.Cancel(CancelReason.Requested));

    outcomes.cancelCalled(
        decide, st, CancelReason.Requested, new CancelAnswer.Accepted(200, true, "delivered"));
    outcomes.observed(read, st, seen("job_cancel_success", SAVEPOINT));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelled);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Cancelled);
  }

  @Test
  void refusalsChangeNothingButTheMessage() {
    DliJobStatus suspended = status(Phase.Suspended, "job_cancel_success");
    CallFailure refused =
        new CallFailure(CallFailure.Cause.PERMANENT, 200, null, "The job 10001 runs.");
    assertThat(outcomes.suspensionAnswered(suspended, new Suspension.Resume(refused), NOW))
        .isEmpty();
    assertThat(suspended.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(suspended.getMessage())
        .isEqualTo("DLI did not run the job again: The job 10001 runs.");

    DliJobStatus running = status(Phase.Running, "job_running");
    Suspension stopRefused =
        new Suspension.Stop(new CancelAnswer.Accepted(200, false, "it cannot be stopped"));
    assertThat(Suspensions.failure(stopRefused))
        .get()
        .extracting(CallFailure::cause)
        .isEqualTo(CallFailure.Cause.PERMANENT);
    outcomes.suspensionAnswered(running, stopRefused, NOW);
    assertThat(running.getPhase()).isEqualTo(Phase.Running);
    assertThat(running.getMessage()).contains("it cannot be stopped");
  }

  @Test
  void aCancelOfASuspendedJobIsDoneWithoutACall() {
    DliJobSpec spec = flink(suspend(true));
    spec.setCancel(true);
    DliJobStatus st = status(Phase.Suspended, "job_cancel_success");
    Snapshot before = Snapshot.of(spec, st, NOW).createdAt(NOW.minusSeconds(900)).build();
    assertThat(decisions.decide(before)).isEqualTo(new Action.Observe());

    List<JobEvent> events = outcomes.observed(before, st, seen("job_cancel_success", SAVEPOINT));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelled);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Cancelled);
    assertThat(st.getCancellation().getReason()).isEqualTo(CancelReason.Requested);
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Cancelled);
    assertThat(decisions.decide(snapshot(spec, st, false)))
        .as("final: no resume, whatever spec.suspend says")
        .isEqualTo(new Action.Wait(null));
  }

  @Test
  void deletingASuspendedJobDeletesItsDefinition() {
    DliJobSpec spec = flink(suspend(true));
    DliJobStatus st = status(Phase.Suspended, "job_cancel_success");
    outcomes.observed(snapshot(spec, st, true), st, seen("job_cancel_success", SAVEPOINT));
    assertThat(st.getCancellation().getReason()).isEqualTo(CancelReason.ResourceDeleted);
    assertThat(decisions.decide(snapshot(spec, st, true))).isEqualTo(new Action.DeleteDefinition());
  }

  @Test
  void aSuspendedJobRunByHandIsRunningAgain() {
    DliJobSpec spec = flink(suspend(true));
    DliJobStatus st = status(Phase.Suspended, "job_cancel_success");
    List<JobEvent> events =
        outcomes.observed(snapshot(spec, st, false), st, seen("job_running", null));
    assertThat(st.getPhase()).isEqualTo(Phase.Running);
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Running);
    assertThat(decisions.decide(snapshot(spec, st, false)))
        .as("spec.suspend still true: suspended again")
        .isEqualTo(new Action.Suspend());
  }

  @Test
  void suspendedReadsAsReadyAndNotReconciling() {
    DliJobStatus st = status(Phase.Suspended, "job_cancel_success");
    st.setMessage("stopped with savepoint " + SAVEPOINT);
    Conditions.apply(st, 2, null, NOW);
    assertThat(st.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly(
            "Ready=True/Suspended", "Reconciling=False/Suspended", "Stalled=False/AsExpected");

    DliJobStatus suspending = status(Phase.Suspending, "job_savepointing");
    Conditions.apply(suspending, 2, null, NOW);
    assertThat(suspending.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=False", "Reconciling=True", "Stalled=False");
  }
}
