package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.FlinkSqlJobSpec;
import dev.operator.dli.api.Phase;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flink jobs in the lifecycle: DLI's 14 statuses, stop and stop again, the definition's delete. */
class FlinkLifecycleTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private final Decisions decisions = new Decisions(Timing.defaults(), NOW.minusSeconds(3600));
  private final Outcomes outcomes = new Outcomes(Timing.defaults(), NOW.minusSeconds(3600));

  static Stream<Arguments> statuses() {
    return Stream.of(
        // status, cancel asked, phase
        Arguments.of("job_init", false, Phase.Running),
        Arguments.of("job_submitting", false, Phase.Running),
        Arguments.of("job_downloading", false, Phase.Running),
        Arguments.of("job_running", false, Phase.Running),
        Arguments.of("job_idle", false, Phase.Running),
        Arguments.of("job_savepointing", true, Phase.Running),
        Arguments.of("job_arrearage_recovering", false, Phase.Running),
        Arguments.of("job_canceling", true, Phase.Running),
        Arguments.of("job_cancel_fail", true, Phase.Running),
        Arguments.of("job_finish", false, Phase.Succeeded),
        Arguments.of("job_submit_fail", false, Phase.Failed),
        Arguments.of("job_running_exception", false, Phase.Failed),
        Arguments.of("job_arrearage_stopped", false, Phase.Failed),
        Arguments.of("job_arrearage_stopped", true, Phase.Failed),
        Arguments.of("job_cancel_success", true, Phase.Cancelled),
        Arguments.of("job_cancel_success", false, Phase.Failed));
  }

  @ParameterizedTest(name = "{0} (cancel asked: {1}) -> {2}")
  @MethodSource("statuses")
  void mapsEveryFlinkStatus(String status, boolean cancelAsked, Phase phase) {
    assertThat(DliStatuses.phaseFromDli(status, cancelAsked)).isEqualTo(phase);
  }

  private static DliJobSpec flink() {
    DliJobSpec spec = new DliJobSpec();
    FlinkSqlJobSpec sql = new FlinkSqlJobSpec();
    sql.setStatement("insert into sink select * from src");
    sql.setQueue("streaming");
    spec.setFlinkSql(sql);
    return spec;
  }

  private static DliJobStatus status(Phase phase, String dliStatus) {
    DliJobStatus st = new DliJobStatus();
    st.setPhase(phase);
    st.setJobId("10001");
    st.setDliStatus(dliStatus);
    st.setSubmittedAt(NOW.minusSeconds(60).toString());
    return st;
  }

  private static Cancellation accepted(CancelReason reason, CancelOutcome outcome) {
    Cancellation c = new Cancellation();
    c.setReason(reason);
    c.setOutcome(outcome);
    c.setRequestedAt(NOW.minusSeconds(10).toString());
    c.setHttpStatus(200);
    c.setIsSuccess(true);
    c.setAttempts(1);
    return c;
  }

  private static Snapshot snapshot(
      DliJobSpec spec, DliJobStatus st, boolean deleting, boolean definitionGone) {
    return Snapshot.of(spec, st, NOW)
        .deleting(deleting)
        .createdAt(NOW.minusSeconds(120))
        .observed(true)
        .definitionGone(definitionGone)
        .build();
  }

  static Stream<Arguments> deletions() {
    DliJobSpec orphan = flink();
    orphan.setDeletionPolicy(DeletionPolicy.Orphan);
    DliJobStatus stopped = status(Phase.Cancelled, "job_cancel_success");
    stopped.setCancellation(accepted(CancelReason.ResourceDeleted, CancelOutcome.Cancelled));
    DliJobStatus neverSubmitted = new DliJobStatus();
    neverSubmitted.setPhase(Phase.Cancelled);
    return Stream.of(
        Arguments.of(
            "stopped: delete the definition",
            flink(),
            stopped,
            false,
            new Action.DeleteDefinition()),
        Arguments.of(
            "definition deleted: release",
            flink(),
            stopped,
            true,
            new Action.Release(
                "cancel outcome Cancelled; its Flink job definition was deleted in DLI")),
        Arguments.of(
            "finished before the deletion: delete the definition",
            flink(),
            status(Phase.Succeeded, "job_finish"),
            false,
            new Action.DeleteDefinition()),
        Arguments.of(
            "running: stop it first",
            flink(),
            status(Phase.Running, "job_running"),
            false,
            new Action.Cancel(CancelReason.ResourceDeleted)),
        Arguments.of(
            "unknown to DLI: nothing to delete",
            flink(),
            status(Phase.Unknown, null),
            false,
            new Action.Cancel(CancelReason.ResourceDeleted)),
        Arguments.of(
            "Orphan leaves job and definition",
            orphan,
            status(Phase.Running, "job_running"),
            false,
            new Action.Release("deletionPolicy is Orphan: the DLI job was left as it is", true)),
        Arguments.of(
            "no job: release",
            flink(),
            neverSubmitted,
            false,
            new Action.Release("the DLI job had already ended (Cancelled)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deletions")
  void deletingAFlinkJobLeavesNothingBehind(
      String row, DliJobSpec spec, DliJobStatus st, boolean definitionGone, Action expected) {
    assertThat(decisions.decide(snapshot(spec, st, true, definitionGone))).isEqualTo(expected);
  }

  @Test
  void aFailedStopIsStoppedAgain() {
    DliJobSpec spec = flink();
    spec.setCancel(true);
    DliJobStatus st = status(Phase.Cancelling, "job_canceling");
    st.setCancellation(accepted(CancelReason.Requested, CancelOutcome.Pending));
    Snapshot before = snapshot(spec, st, false, false);
    assertThat(decisions.decide(before)).isEqualTo(new Action.Wait(null));

    outcomes.observed(
        before,
        st,
        new DliObservation.Seen(
            new JobView("job_cancel_fail", "flink_sql_job", "streaming", null, null, null, "")));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelling);
    assertThat(st.getCancellation().getMessage()).contains("job_cancel_fail");
    assertThat(decisions.decide(snapshot(spec, st, false, false)))
        .isEqualTo(new Action.Cancel(CancelReason.Requested));
  }

  @Test
  void aStopThatEndsTheJobIsACancel() {
    DliJobSpec spec = flink();
    spec.setCancel(true);
    DliJobStatus st = status(Phase.Cancelling, "job_canceling");
    st.setCancellation(accepted(CancelReason.Requested, CancelOutcome.Pending));
    outcomes.observed(
        snapshot(spec, st, false, false),
        st,
        new DliObservation.Seen(
            new JobView("job_cancel_success", "flink_sql_job", "streaming", 1L, 5000L, 5001L, "")));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelled);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Cancelled);
  }
}
