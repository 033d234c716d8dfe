package dev.operator.dli.lifecycle;

import static dev.operator.dli.lifecycle.LifecycleDecisionTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.testing.DliJobFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How observations and call outcomes change the status, and which Events they give. */
class LifecycleOutcomeTest {
  private final Decisions decisions =
      new Decisions(LifecycleDecisionTest.TIMING, LifecycleDecisionTest.STARTED);
  private final Outcomes outcomes =
      new Outcomes(LifecycleDecisionTest.TIMING, LifecycleDecisionTest.STARTED);

  private static DliJobSpec spec(boolean cancel) {
    DliJobSpec spec = DliJobFixture.sql("select 1").build().getSpec();
    spec.setCancel(cancel);
    return spec;
  }

  private static DliJobStatus running() {
    DliJobStatus st = new DliJobStatus();
    st.setPhase(Phase.Running);
    st.setJobId("job-1");
    st.setDliStatus("RUNNING");
    return st;
  }

  private static Snapshot snapshot(DliJobSpec spec, DliJobStatus st, boolean deleting) {
    return Snapshot.of(spec, st, NOW).deleting(deleting).observed(true).build();
  }

  private static DliObservation seen(String status, String message) {
    return new DliObservation.Seen(
        new JobView(status, "QUERY", "default", 1_000L, 2_000L, null, message));
  }

  @Test
  void aFinishedJobSucceedsWithItsTimes() {
    DliJobStatus st = running();
    List<JobEvent> events =
        outcomes.observed(snapshot(spec(false), st, false), st, seen("FINISHED", ""));
    assertThat(st.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(st.getStartTime()).isEqualTo("1970-01-01T00:00:01Z");
    assertThat(st.getCompletionTime()).isEqualTo("1970-01-01T00:00:03Z");
    assertThat(st.getDurationMillis()).isEqualTo(2000L);
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Succeeded);
  }

  @Test
  void aFailedJobCarriesDlisMessageIntoStatusAndEvent() {
    DliJobStatus st = running();
    List<JobEvent> events =
        outcomes.observed(snapshot(spec(false), st, false), st, seen("FAILED", "DLI.0005: bad"));
    assertThat(st.getPhase()).isEqualTo(Phase.Failed);
    assertThat(st.getMessage()).isEqualTo("DLI.0005: bad");
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.message()).contains("DLI.0005: bad");
            });
  }

  @Test
  void noEventWhenNothingChanged() {
    DliJobStatus st = running();
    assertThat(outcomes.observed(snapshot(spec(false), st, false), st, seen("RUNNING", "")))
        .isEmpty();
  }

  @Test
  void anAcceptedCancelThenCancelledEndsCancelled() {
    DliJobStatus st = running();
    Snapshot s = snapshot(spec(true), st, false);
    List<JobEvent> first =
        outcomes.cancelCalled(
            s, st, CancelReason.Requested, new CancelAnswer.Accepted(200, true, ""));
    assertThat(first).extracting(JobEvent::reason).containsExactly(EventReason.CancelRequested);
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelling);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Pending);
    outcomes.observed(s, st, seen("RUNNING", ""));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelling);
    List<JobEvent> end = outcomes.observed(s, st, seen("CANCELLED", ""));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelled);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Cancelled);
    assertThat(st.getCancellation().getAttempts()).isEqualTo(1);
    assertThat(st.getCancellation().getHttpStatus()).isEqualTo(200);
    assertThat(st.getCancellation().getCompletedAt()).isEqualTo(NOW.toString());
    assertThat(end).extracting(JobEvent::reason).containsExactly(EventReason.Cancelled);
    assertThat(st.getCancellation().getMessage()).isEqualTo("DLI cancelled the job");
  }

  @Test
  void aJobThatEndedBeforeTheCancelIsAlreadyFinished() {
    DliJobStatus st = running();
    outcomes.observed(snapshot(spec(true), st, false), st, seen("FINISHED", ""));
    assertThat(st.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.AlreadyFinished);
    assertThat(st.getCancellation().getAttempts()).isZero();
  }

  @Test
  void transientAndAuthCancelFailuresStayPendingAndCountAttempts() {
    DliJobStatus st = running();
    Snapshot s = snapshot(spec(false), st, true);
    outcomes.cancelCalled(
        s,
        st,
        CancelReason.ResourceDeleted,
        new CancelAnswer.Refused(
            new CallFailure(CallFailure.Cause.TRANSIENT, 500, "APIGW.0201", "boom")));
    List<JobEvent> events =
        outcomes.cancelCalled(
            s,
            st,
            CancelReason.ResourceDeleted,
            new CancelAnswer.Refused(
                new CallFailure(CallFailure.Cause.AUTH, 401, "APIGW.0301", "bad key")));
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Pending);
    assertThat(st.getCancellation().getAttempts()).isEqualTo(2);
    assertThat(st.getCancellation().getErrorCode()).isEqualTo("APIGW.0301");
    assertThat(st.getCancellation().getHttpStatus()).isEqualTo(401);
    assertThat(st.getCancellation().getIsSuccess()).as("DLI sent no is_success").isNull();
    assertThat(events).as("the Stalled Event comes from the condition").isEmpty();
  }

  @Test
  void aPermanentCancelFailureIsFinal() {
    DliJobStatus st = running();
    List<JobEvent> events =
        outcomes.cancelCalled(
            snapshot(spec(false), st, true),
            st,
            CancelReason.ResourceDeleted,
            new CancelAnswer.Refused(
                new CallFailure(CallFailure.Cause.PERMANENT, 400, "DLI.0007", "cannot")));
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Failed);
    assertThat(st.getCancellation().getErrorCode()).isEqualTo("DLI.0007");
    assertThat(events)
        .extracting(JobEvent::reason)
        .containsExactly(EventReason.CancelRequested, EventReason.CancelFailed);
  }

  @Test
  void isSuccessFalseOnA200IsWhatDliSaid() {
    DliJobStatus st = running();
    outcomes.cancelCalled(
        snapshot(spec(true), st, false),
        st,
        CancelReason.Requested,
        new CancelAnswer.Refused(
            new CallFailure(CallFailure.Cause.PERMANENT, 200, null, "not carried out")));
    assertThat(st.getCancellation().getIsSuccess()).isFalse();
    assertThat(st.getCancellation().getHttpStatus()).isEqualTo(200);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Failed);
  }

  @Test
  void dlisOwnAnswerIsKeptAsItCame() {
    DliJobStatus st = running();
    Snapshot s = snapshot(spec(true), st, false);
    outcomes.cancelCalled(
        s, st, CancelReason.Requested, new CancelAnswer.Accepted(202, null, "deleted"));
    assertThat(st.getCancellation().getHttpStatus()).isEqualTo(202);
    assertThat(st.getCancellation().getIsSuccess()).isNull();
    assertThat(st.getCancellation().getMessage()).isEqualTo("deleted");
    assertThat(decisions.decide(Snapshot.of(s.spec(), st, NOW).observed(true).build()))
        .as("a 202 without is_success was taken: no second cancel call")
        .isInstanceOf(Action.Wait.class);
    outcomes.observed(s, st, seen("CANCELLED", ""));
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Cancelled);
    assertThat(st.getCancellation().getMessage()).isEqualTo("deleted");
  }

  @Test
  void anUnknownJobEndsTheCancelAsNotFound() {
    DliJobStatus st = running();
    outcomes.observed(
        snapshot(spec(false), st, true), st, new DliObservation.NotFound(400, "DLI.0002", "gone"));
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.NotFound);
    assertThat(st.getCancellation().getErrorCode()).isEqualTo("DLI.0002");
    assertThat(st.getPhase()).isEqualTo(Phase.Unknown);
  }

  @Test
  void aPermanentSubmitRefusalFailsTheJobAndATransientOneKeepsTheMarker() {
    DliJobStatus st = new DliJobStatus();
    outcomes.submitting(st, NOW);
    assertThat(st.getPhase()).isEqualTo(Phase.Submitting);
    outcomes.submitFailed(
        st, new CallFailure(CallFailure.Cause.TRANSIENT, 0, null, "timeout"), NOW);
    assertThat(st.getPhase()).isEqualTo(Phase.Submitting);
    assertThat(st.getSubmittedAt()).isEqualTo(NOW.toString());
    List<JobEvent> events =
        outcomes.submitFailed(
            st,
            new CallFailure(
                CallFailure.Cause.PERMANENT, 400, "DLI.0002", "There is no queue named q"),
            NOW);
    assertThat(st.getPhase()).isEqualTo(Phase.Failed);
    assertThat(st.getMessage()).contains("There is no queue named q");
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Failed);
  }

  @Test
  void aSubmitThatDliProvablyDidNotTakeClearsTheMarker() {
    DliJobStatus st = new DliJobStatus();
    outcomes.submitting(st, NOW);
    List<JobEvent> events =
        outcomes.submitFailed(
            st,
            new CallFailure(CallFailure.Cause.TRANSIENT, 429, "APIGW.0308", "throttled", false),
            NOW);
    assertThat(st.getPhase()).isEqualTo(Phase.Pending);
    assertThat(st.getSubmittedAt()).isNull();
    assertThat(st.getMessage()).contains("did not take the job").contains("throttled");
    assertThat(events).isEmpty();
  }

  @Test
  void conditionsFollowKstatus() {
    DliJobStatus st = running();
    Conditions.apply(st, 3, null, NOW);
    assertThat(st.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=False", "Reconciling=True", "Stalled=False");
    assertThat(st.getObservedGeneration()).isEqualTo(3);
    st.setPhase(Phase.Succeeded);
    Conditions.apply(st, 3, null, NOW.plusSeconds(5));
    assertThat(st.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=True", "Reconciling=False", "Stalled=False");
    assertThat(st.getConditions().get(2).getLastTransitionTime())
        .as("unchanged keeps its time")
        .isEqualTo(NOW.toString());
    assertThat(Conditions.apply(st, 3, new Stall(StallReason.AuthenticationFailed, "bad key"), NOW))
        .as("becoming Stalled is an Event")
        .hasValueSatisfying(
            e -> {
              assertThat(e.reason()).isEqualTo(EventReason.Stalled);
              assertThat(e.message()).isEqualTo("bad key");
            });
    assertThat(st.getConditions().get(2).getReason())
        .isEqualTo(StallReason.AuthenticationFailed.name());
    assertThat(Conditions.apply(st, 3, new Stall(StallReason.AuthenticationFailed, "bad key"), NOW))
        .as("staying Stalled is not")
        .isEmpty();
  }
}
