package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.StatusTransition.CancelEnded;
import dev.operator.dli.lifecycle.StatusTransition.Ended;
import dev.operator.dli.lifecycle.StatusTransition.Fact;
import dev.operator.dli.lifecycle.StatusTransition.Rejected;
import dev.operator.dli.lifecycle.StatusTransition.Submitted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusTransitionTest {
  private static final Instant CREATED = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant WRITTEN = CREATED.plusSeconds(100);

  private static DliJobStatus status(Phase phase, String jobId) {
    DliJobStatus st = new DliJobStatus();
    st.setPhase(phase);
    st.setJobId(jobId);
    return st;
  }

  /** Ended in DLI at CREATED + 10 s + 80 s: two seconds before it was written. */
  private static DliJobStatus ended(Phase phase) {
    DliJobStatus st = status(phase, "job-1");
    st.setStartTime(CREATED.plusSeconds(10).toString());
    st.setDurationMillis(88_000L);
    return st;
  }

  private static DliJobStatus cancelled(CancelOutcome outcome) {
    DliJobStatus st = ended(Phase.Cancelled);
    Cancellation c = new Cancellation();
    c.setReason(CancelReason.Requested);
    c.setOutcome(outcome);
    c.setRequestedAt(CREATED.plusSeconds(60).toString());
    c.setCompletedAt(outcome.isFinal() ? CREATED.plusSeconds(75).toString() : null);
    st.setCancellation(c);
    return st;
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("first status", null, status(Phase.Pending, null), false, List.of()),
        Arguments.of(
            "marker written",
            status(Phase.Pending, null),
            status(Phase.Submitting, null),
            false,
            List.of()),
        Arguments.of(
            "job ID stored",
            status(Phase.Submitting, null),
            status(Phase.Running, "job-1"),
            false,
            List.of(new Submitted(Duration.ofSeconds(100)))),
        Arguments.of(
            "adopted, not submitted",
            status(Phase.Pending, null),
            status(Phase.Running, "job-1"),
            true,
            List.of()),
        Arguments.of(
            "refused by DLI",
            status(Phase.Submitting, null),
            status(Phase.Failed, null),
            false,
            List.of(new Rejected())),
        Arguments.of(
            "succeeded",
            status(Phase.Running, "job-1"),
            ended(Phase.Succeeded),
            false,
            List.of(new Ended(Phase.Succeeded, Duration.ofSeconds(88), Duration.ofSeconds(2)))),
        Arguments.of(
            "submitted and ended in one write",
            status(Phase.Submitting, null),
            ended(Phase.Failed),
            false,
            List.of(
                new Submitted(Duration.ofSeconds(100)),
                new Ended(Phase.Failed, Duration.ofSeconds(88), Duration.ofSeconds(2)))),
        Arguments.of(
            "ended without run time",
            status(Phase.Running, "job-1"),
            status(Phase.Succeeded, "job-1"),
            false,
            List.of(new Ended(Phase.Succeeded, null, null))),
        Arguments.of(
            "written again after the end",
            ended(Phase.Succeeded),
            ended(Phase.Succeeded),
            false,
            List.of()),
        Arguments.of(
            "cancel accepted, not final",
            status(Phase.Running, "job-1"),
            withPhase(cancelled(CancelOutcome.Pending), Phase.Cancelling),
            false,
            List.of()),
        Arguments.of(
            "cancel final",
            withPhase(cancelled(CancelOutcome.Pending), Phase.Cancelling),
            cancelled(CancelOutcome.Cancelled),
            false,
            List.of(
                new Ended(Phase.Cancelled, Duration.ofSeconds(88), Duration.ofSeconds(2)),
                new CancelEnded(
                    CancelReason.Requested, CancelOutcome.Cancelled, Duration.ofSeconds(15)))));
  }

  private static DliJobStatus withPhase(DliJobStatus st, Phase phase) {
    st.setPhase(phase);
    return st;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void readsWhatAStoredStatusChanged(
      String row, DliJobStatus before, DliJobStatus after, boolean adopted, List<Fact> facts) {
    assertThat(StatusTransition.read(before, after, adopted, CREATED, WRITTEN))
        .containsExactlyElementsOf(facts);
  }
}
