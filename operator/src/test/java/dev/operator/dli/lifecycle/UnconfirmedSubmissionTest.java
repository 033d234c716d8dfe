package dev.operator.dli.lifecycle;

import static dev.operator.dli.lifecycle.LifecycleDecisionTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.testing.DliJobFixture;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An unconfirmed submission (Submitting marker, no job ID) through its settling window of 2
 * minutes: what a lookup does to the status, when the next lookup comes, and what is decided after
 * it.
 */
class UnconfirmedSubmissionTest {
  private final Decisions decisions =
      new Decisions(LifecycleDecisionTest.TIMING, LifecycleDecisionTest.STARTED);
  private final Outcomes outcomes =
      new Outcomes(LifecycleDecisionTest.TIMING, LifecycleDecisionTest.STARTED);

  /**
   * A lookup {@code secondsAfterSubmit} after the marker, which found the job or not, with a cancel
   * asked for or the resource being deleted: the phase and Events after it, when to look again, and
   * the next decision.
   */
  record Row(
      String title,
      long secondsAfterSubmit,
      boolean found,
      boolean cancel,
      boolean deleting,
      Phase phase,
      List<EventReason> events,
      Action afterLookup,
      Action next) {
    @Override
    public String toString() {
      return title;
    }
  }

  static Stream<Row> rows() {
    Action lookup = new Action.LookupByTag();
    return Stream.of(
        new Row(
            "found at once",
            1,
            true,
            false,
            false,
            Phase.Submitting,
            List.of(EventReason.Submitted),
            null,
            new Action.Observe()),
        new Row(
            "found late in the window",
            110,
            true,
            false,
            false,
            Phase.Submitting,
            List.of(EventReason.Submitted),
            null,
            new Action.Observe()),
        new Row(
            "not listed yet: look again soon",
            1,
            false,
            false,
            false,
            Phase.Submitting,
            List.of(),
            wait(Duration.ofSeconds(2)),
            lookup),
        new Row(
            "not listed after a minute: look again later",
            60,
            false,
            false,
            false,
            Phase.Submitting,
            List.of(),
            wait(Duration.ofSeconds(15)),
            lookup),
        new Row(
            "near the end of the window: the last look comes just after it closes",
            110,
            false,
            false,
            false,
            Phase.Submitting,
            List.of(),
            wait(Duration.ofMillis(10_010)),
            lookup),
        new Row(
            "never found within the window: submitted again",
            120,
            false,
            false,
            false,
            Phase.Pending,
            List.of(EventReason.NotSubmitted),
            null,
            new Action.Submit()),
        new Row(
            "cancel inside the window keeps looking",
            30,
            false,
            true,
            false,
            Phase.Submitting,
            List.of(),
            wait(Duration.ofMillis(7500)),
            lookup),
        new Row(
            "cancel inside the window, job found: it is read, then cancelled",
            30,
            true,
            true,
            false,
            Phase.Submitting,
            List.of(EventReason.Submitted),
            null,
            new Action.Observe()),
        new Row(
            "cancel, never found: nothing to cancel",
            121,
            false,
            true,
            false,
            Phase.Pending,
            List.of(EventReason.NotSubmitted),
            null,
            new Action.CancelBeforeSubmit(CancelReason.Requested)),
        new Row(
            "delete inside the window keeps looking",
            30,
            false,
            false,
            true,
            Phase.Submitting,
            List.of(),
            wait(Duration.ofMillis(7500)),
            lookup),
        new Row(
            "delete inside the window, job found: it is read, then cancelled",
            30,
            true,
            false,
            true,
            Phase.Submitting,
            List.of(EventReason.Submitted),
            null,
            new Action.Observe()),
        new Row(
            "delete, never found: released",
            121,
            false,
            false,
            true,
            Phase.Pending,
            List.of(EventReason.NotSubmitted),
            null,
            new Action.Release("no DLI job was submitted")));
  }

  private static Action wait(Duration delay) {
    return new Action.Wait(delay);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void settlesOnlyByFindingTheJobOrByTheWindowClosing(Row row) {
    DliJobSpec spec = DliJobFixture.sql("select 1").build().getSpec();
    spec.setCancel(row.cancel());
    DliJobStatus st = new DliJobStatus();
    outcomes.submitting(st, NOW.minusSeconds(row.secondsAfterSubmit()));
    assertThat(decisions.decide(snapshot(spec, st, row.deleting())))
        .as("an unconfirmed submission is looked up first")
        .isEqualTo(new Action.LookupByTag());

    List<JobEvent> events =
        outcomes.lookedUp(snapshot(spec, st, row.deleting()), st, row.found() ? "job-1" : null);

    assertThat(st.getPhase()).isEqualTo(row.phase());
    assertThat(st.getJobId()).isEqualTo(row.found() ? "job-1" : null);
    assertThat(events).extracting(JobEvent::reason).containsExactlyElementsOf(row.events());
    assertThat(st.getMessage()).isNotBlank();
    assertThat(decisions.afterLookup(snapshot(spec, st, row.deleting())))
        .isEqualTo(row.afterLookup());
    assertThat(decisions.decide(snapshot(spec, st, row.deleting()))).isEqualTo(row.next());
  }

  @Test
  void afterARestartTheWindowCountsFromTheRestart() {
    // The marker is 5 minutes old, but this process started 30 s ago: the one before it may have
    // sent the submit just before it died, so the lists get the whole window from the restart.
    Decisions restarted = new Decisions(LifecycleDecisionTest.TIMING, NOW.minusSeconds(30));
    Outcomes restartedOutcomes = new Outcomes(LifecycleDecisionTest.TIMING, NOW.minusSeconds(30));
    DliJobSpec spec = DliJobFixture.sql("select 1").build().getSpec();
    DliJobStatus st = new DliJobStatus();
    restartedOutcomes.submitting(st, NOW.minusSeconds(300));

    assertThat(restartedOutcomes.lookedUp(snapshot(spec, st, false), st, null)).isEmpty();
    assertThat(st.getPhase()).isEqualTo(Phase.Submitting);
    assertThat(restarted.afterLookup(snapshot(spec, st, false)))
        .isEqualTo(new Action.Wait(Duration.ofMillis(7500)));
  }

  private static Snapshot snapshot(DliJobSpec spec, DliJobStatus st, boolean deleting) {
    return Snapshot.of(spec, st, NOW).deleting(deleting).createdAt(NOW.minusSeconds(600)).build();
  }
}
