package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The three conditions for every phase, with and without a problem that needs a human. */
class ConditionsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Stall BROKEN_SECRET =
      new Stall(StallReason.ConnectionInvalid, "Secret dli/creds not found");

  static Stream<Arguments> table() {
    return Stream.of(
        // phase, cancel reason, problem, Ready, Reconciling, Stalled, Reconciling's reason
        Arguments.of(Phase.Pending, null, null, "False", "True", "False", "Pending"),
        Arguments.of(Phase.Submitting, null, null, "False", "True", "False", "Submitting"),
        Arguments.of(Phase.Running, null, null, "False", "True", "False", "Running"),
        Arguments.of(Phase.Cancelling, null, null, "False", "True", "False", "Cancelling"),
        Arguments.of(Phase.Succeeded, null, null, "True", "False", "False", "Succeeded"),
        Arguments.of(Phase.Failed, null, null, "False", "False", "True", "JobFailed"),
        Arguments.of(
            Phase.Cancelled, CancelReason.Requested, null, "True", "False", "False", "Cancelled"),
        Arguments.of(
            Phase.Cancelled,
            CancelReason.DeadlineExceeded,
            null,
            "False",
            "False",
            "True",
            "DeadlineExceeded"),
        Arguments.of(Phase.Unknown, null, null, "False", "False", "True", "JobUnknown"),
        Arguments.of(
            Phase.Running, null, BROKEN_SECRET, "False", "False", "True", "ConnectionInvalid"),
        Arguments.of(
            Phase.Pending, null, BROKEN_SECRET, "False", "False", "True", "ConnectionInvalid"),
        Arguments.of(
            Phase.Succeeded, null, BROKEN_SECRET, "True", "False", "True", "ConnectionInvalid"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("table")
  void stalledAndReconcilingAreNeverBothTrue(
      Phase phase,
      CancelReason cancelReason,
      Stall problem,
      String ready,
      String reconciling,
      String stalled,
      String reconcilingReason) {
    DliJobStatus st = new DliJobStatus();
    st.setPhase(phase);
    st.setMessage("what the job does");
    if (cancelReason != null) {
      Cancellation cancellation = new Cancellation();
      cancellation.setReason(cancelReason);
      st.setCancellation(cancellation);
    }
    Conditions.apply(st, 2, problem, NOW);
    assertThat(status(st, Conditions.READY)).isEqualTo(ready);
    assertThat(status(st, Conditions.RECONCILING)).isEqualTo(reconciling);
    assertThat(status(st, Conditions.STALLED)).isEqualTo(stalled);
    Condition reconcilingCondition = condition(st, Conditions.RECONCILING);
    assertThat(reconcilingCondition.getReason()).isEqualTo(reconcilingReason);
    assertThat(reconcilingCondition.getMessage()).isNotBlank();
    assertThat(st.getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2));
  }

  private static String status(DliJobStatus st, String type) {
    return condition(st, type).getStatus();
  }

  private static Condition condition(DliJobStatus st, String type) {
    return st.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
