package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.Decisions;
import dev.operator.dli.lifecycle.Timing;
import dev.operator.dli.testing.DliJobFixture;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which DliJobs that are gone had been released, and which left a DLI job that needs a cancel. */
class RemovedJobsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private final Decisions decisions = new Decisions(Timing.defaults(), NOW.minusSeconds(3600));

  static Stream<Arguments> lastSeen() {
    return Stream.of(
        Arguments.of("never submitted", DliJobFixture.sql("select 1"), status(st -> {}), true),
        Arguments.of(
            "a SQL job that succeeded",
            DliJobFixture.sql("select 1"),
            status(st -> ended(st, Phase.Succeeded)),
            true),
        Arguments.of(
            "a Flink job stopped on deletion, its definition deleted before the release",
            DliJobFixture.flinkSql("insert into sink select 1"),
            status(
                st -> {
                  ended(st, Phase.Cancelled);
                  Cancellation c = new Cancellation();
                  c.setReason(CancelReason.ResourceDeleted);
                  c.setOutcome(CancelOutcome.Cancelled);
                  st.setCancellation(c);
                }),
            true),
        Arguments.of(
            "a running SQL job",
            DliJobFixture.sql("select 1"),
            status(st -> st.setPhase(Phase.Running)),
            false),
        Arguments.of(
            "a running Flink job",
            DliJobFixture.flinkSql("insert into sink select 1"),
            status(st -> st.setPhase(Phase.Running)),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSeen")
  void aDliJobIsReleasedAsItWasSeenLastOnlyWhenItsDliJobNeedsNoCancel(
      String title, DliJobFixture fixture, DliJobStatus status, boolean released) {
    DliJob last = fixture.named("ns", "job").build();
    last.setStatus(status);
    assertThat(RemovedJobs.releasedAsItWas(decisions, last, NOW)).isEqualTo(released);
  }

  private static DliJobStatus status(Consumer<DliJobStatus> change) {
    DliJobStatus st = new DliJobStatus();
    st.setJobId("10006");
    change.accept(st);
    if (st.getPhase() == null) {
      st.setJobId(null);
    }
    return st;
  }

  private static void ended(DliJobStatus st, Phase phase) {
    st.setPhase(phase);
    st.setCompletionTime(NOW.minusSeconds(5).toString());
  }
}
