package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.testing.DliJobFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the lifecycle decides, row by row. */
class LifecycleDecisionTest {
  static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  static final Timing TIMING =
      new Timing(
          Duration.ofSeconds(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          0,
          () -> 0.5);

  /** The operator process started well before the rows' moments. */
  static final Instant STARTED = NOW.minusSeconds(3600);

  private final Decisions decisions = new Decisions(TIMING, STARTED);
  private final Outcomes outcomes = new Outcomes(TIMING, STARTED);

  /** A row: how the spec and status look, and what else is known. */
  record Row(
      String title,
      Consumer<DliJobSpec> spec,
      Consumer<DliJobStatus> status,
      boolean deleting,
      boolean observed,
      boolean cancelCalled,
      int failures,
      Action expected) {
    @Override
    public String toString() {
      return title;
    }
  }

  static Consumer<DliJobStatus> phase(Phase phase) {
    return st -> st.setPhase(phase);
  }

  static Consumer<DliJobStatus> running() {
    return st -> {
      st.setPhase(Phase.Running);
      st.setJobId("job-1");
      st.setDliStatus("RUNNING");
      st.setSubmittedAt(NOW.minusSeconds(60).toString());
    };
  }

  static Consumer<DliJobStatus> finished(Instant at) {
    return st -> {
      st.setPhase(Phase.Succeeded);
      st.setJobId("job-1");
      st.setDliStatus("FINISHED");
      st.setCompletionTime(at.toString());
    };
  }

  static Consumer<DliJobStatus> cancellation(
      CancelReason reason, CancelOutcome outcome, Boolean deleteAccepted) {
    return st -> {
      Cancellation c = new Cancellation();
      c.setReason(reason);
      c.setOutcome(outcome);
      if (deleteAccepted != null) {
        c.setHttpStatus(deleteAccepted ? 200 : 500);
        c.setIsSuccess(deleteAccepted ? Boolean.TRUE : null);
        c.setAttempts(1);
      } else {
        c.setAttempts(0);
      }
      st.setCancellation(c);
    };
  }

  static Row row(
      String title, Consumer<DliJobSpec> spec, Consumer<DliJobStatus> status, Action expected) {
    return new Row(title, spec, status, false, false, false, 0, expected);
  }

  static Stream<Row> rows() {
    Consumer<DliJobSpec> none = s -> {};
    Consumer<DliJobStatus> fresh = st -> {};
    return Stream.of(
        row("a new job is submitted", none, fresh, new Action.Submit()),
        row("spec.jobId is adopted", s -> s.setJobId("given"), fresh, new Action.Adopt("given")),
        row(
            "a Submitting marker without a job ID is looked up first",
            none,
            phase(Phase.Submitting),
            new Action.LookupByTag()),
        row(
            "cancel before submission submits nothing",
            s -> s.setCancel(true),
            fresh,
            new Action.CancelBeforeSubmit(CancelReason.Requested)),
        row("a known job is polled first", none, running(), new Action.Observe()),
        new Row(
            "a running job waits for the sweep to wake it",
            none,
            running(),
            false,
            true,
            false,
            0,
            new Action.Wait(null)),
        new Row(
            "errors back off exponentially",
            none,
            running(),
            false,
            true,
            false,
            3,
            new Action.Wait(Duration.ofSeconds(8))),
        new Row(
            "spec.cancel cancels a running job",
            s -> s.setCancel(true),
            running(),
            false,
            true,
            false,
            0,
            new Action.Cancel(CancelReason.Requested)),
        new Row(
            "an accepted cancel is followed until the job ends",
            s -> s.setCancel(true),
            running().andThen(cancellation(CancelReason.Requested, CancelOutcome.Pending, true)),
            false,
            true,
            false,
            0,
            new Action.Wait(null)),
        new Row(
            "a cancel that failed transiently is tried again",
            s -> s.setCancel(true),
            running().andThen(cancellation(CancelReason.Requested, CancelOutcome.Pending, false)),
            false,
            true,
            false,
            0,
            new Action.Cancel(CancelReason.Requested)),
        new Row(
            "but not twice in one pass",
            s -> s.setCancel(true),
            running().andThen(cancellation(CancelReason.Requested, CancelOutcome.Pending, false)),
            false,
            true,
            true,
            0,
            new Action.Wait(null)),
        new Row(
            "a passed deadline cancels",
            s -> s.setActiveDeadlineSeconds(30L),
            running(),
            false,
            true,
            false,
            0,
            new Action.Cancel(CancelReason.DeadlineExceeded)),
        new Row(
            "a near deadline shortens the wait",
            s -> s.setActiveDeadlineSeconds(61L),
            running(),
            false,
            true,
            false,
            0,
            new Action.Wait(Duration.ofMillis(1010))),
        row(
            "a finished job is never polled again",
            none,
            finished(NOW.minusSeconds(5)),
            new Action.Wait(null)),
        row(
            "TTL not yet passed",
            s -> s.setTtlSecondsAfterFinished(60L),
            finished(NOW.minusSeconds(20)),
            new Action.Wait(Duration.ofSeconds(40))),
        row(
            "TTL passed deletes the resource",
            s -> s.setTtlSecondsAfterFinished(10L),
            finished(NOW.minusSeconds(20)),
            new Action.DeleteResource()),
        row(
            "cancel after the end is noted without a call",
            s -> s.setCancel(true),
            finished(NOW.minusSeconds(5)),
            new Action.NoteAlreadyFinished(CancelReason.Requested)),
        row(
            "a noted cancel is not noted again",
            s -> s.setCancel(true),
            finished(NOW.minusSeconds(5))
                .andThen(cancellation(CancelReason.Requested, CancelOutcome.AlreadyFinished, null)),
            new Action.Wait(null)),
        new Row(
            "deleting with Orphan releases at once",
            s -> s.setDeletionPolicy(DeletionPolicy.Orphan),
            running(),
            true,
            false,
            false,
            0,
            new Action.Release("deletionPolicy is Orphan: the DLI job was left as it is", true)),
        new Row(
            "deleting a finished job releases",
            none,
            finished(NOW),
            true,
            false,
            false,
            0,
            new Action.Release("the DLI job had already ended (Succeeded)")),
        new Row(
            "deleting before any submission releases",
            none,
            fresh,
            true,
            false,
            false,
            0,
            new Action.Release("no DLI job was submitted")),
        new Row(
            "deleting after an unconfirmed submission looks the job up",
            none,
            phase(Phase.Submitting),
            true,
            false,
            false,
            0,
            new Action.LookupByTag()),
        new Row(
            "deleting a running job polls first",
            none,
            running(),
            true,
            false,
            false,
            0,
            new Action.Observe()),
        new Row(
            "then cancels it",
            none,
            running(),
            true,
            true,
            false,
            0,
            new Action.Cancel(CancelReason.ResourceDeleted)),
        new Row(
            "deleting waits out DLI errors",
            none,
            running(),
            true,
            true,
            false,
            1,
            new Action.Wait(Duration.ofSeconds(2))),
        new Row(
            "a final cancel outcome releases",
            none,
            running()
                .andThen(cancellation(CancelReason.ResourceDeleted, CancelOutcome.NotFound, false)),
            true,
            true,
            false,
            0,
            new Action.Release("cancel outcome NotFound")),
        new Row(
            "a permanently failed user cancel releases on deletion",
            s -> s.setCancel(true),
            running().andThen(cancellation(CancelReason.Requested, CancelOutcome.Failed, false)),
            true,
            true,
            false,
            0,
            new Action.Release("cancel outcome Failed")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) {
    DliJobSpec spec = DliJobFixture.sql("select 1").build().getSpec();
    row.spec().accept(spec);
    DliJobStatus status = new DliJobStatus();
    row.status().accept(status);
    Snapshot snapshot =
        Snapshot.of(spec, status, NOW)
            .deleting(row.deleting())
            .createdAt(NOW.minusSeconds(120))
            .observed(row.observed())
            .cancelCalled(row.cancelCalled())
            .failures(row.failures())
            .build();
    assertThat(decisions.decide(snapshot)).isEqualTo(row.expected());
  }

  static Stream<Arguments> connectionGone() {
    Action release =
        new Action.Release(
            "DLI accepted the cancel of job job-1, but its connection is gone, so its end was not"
                + " seen");
    return Stream.of(
        Arguments.of("deleted, cancel accepted, connection gone", true, true, true, release),
        Arguments.of(
            "deleted, cancel accepted, connection there: its end is awaited",
            true,
            true,
            false,
            new Action.Observe()),
        Arguments.of(
            "deleted, no cancel accepted, connection gone: never released without a cancel",
            true,
            false,
            true,
            new Action.Observe()),
        Arguments.of(
            "not deleted, cancel accepted, connection gone: nothing to release",
            false,
            true,
            true,
            new Action.Observe()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectionGone")
  void aDeletionWhoseCancelDliAcceptedIsReleasedWhenItsConnectionIsGone(
      String title, boolean deleting, boolean accepted, boolean gone, Action expected) {
    DliJobSpec spec = DliJobFixture.sql("select 1").build().getSpec();
    DliJobStatus status = new DliJobStatus();
    running().accept(status);
    if (accepted) {
      cancellation(CancelReason.ResourceDeleted, CancelOutcome.Pending, true).accept(status);
      status.setPhase(Phase.Cancelling);
    }
    Snapshot snapshot =
        Snapshot.of(spec, status, NOW)
            .deleting(deleting)
            .createdAt(NOW.minusSeconds(120))
            .connectionGone(gone)
            .build();
    assertThat(decisions.decide(snapshot)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "deleting: {0}")
  @ValueSource(booleans = {false, true})
  void aDliJobWithoutSpecIsNeverSubmittedAndItsDeletionReleasesAtOnce(boolean deleting) {
    Snapshot snapshot = Snapshot.of(null, new DliJobStatus(), NOW).deleting(deleting).build();
    assertThat(decisions.decide(snapshot))
        .isEqualTo(
            deleting
                ? new Action.Release("the DliJob has no spec: nothing was submitted")
                : new Action.Wait(null));
  }

  static Stream<Arguments> dliStatuses() {
    return Stream.of(
        Arguments.of("LAUNCHING", false, Phase.Running),
            Arguments.of("RUNNING", false, Phase.Running),
        Arguments.of("SCALING", false, Phase.Running),
            Arguments.of("FINISHED", false, Phase.Succeeded),
        Arguments.of("FAILED", false, Phase.Failed),
            Arguments.of("CANCELLED", false, Phase.Cancelled),
        Arguments.of("starting", false, Phase.Running),
            Arguments.of("Success", false, Phase.Succeeded),
        Arguments.of("dead", false, Phase.Failed), Arguments.of("dead", true, Phase.Cancelled),
        Arguments.of("SOMETHING_NEW", false, Phase.Unknown),
            Arguments.of(null, false, Phase.Unknown));
  }

  @ParameterizedTest(name = "{0} (cancel asked: {1}) -> {2}")
  @MethodSource("dliStatuses")
  void mapsDliStatusesToPhases(String dliStatus, boolean cancelAsked, Phase expected) {
    assertThat(DliStatuses.phaseFromDli(dliStatus, cancelAsked)).isEqualTo(expected);
  }
}
