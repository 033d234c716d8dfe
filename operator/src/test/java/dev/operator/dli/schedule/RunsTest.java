package dev.operator.dli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunsTest {
  private static final Instant SLOT = Instant.parse("2026-03-29T10:00:00Z");

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of(
            "phase to an end",
            (Consumer<DliJob>) r -> r.getStatus().setPhase(Phase.Succeeded),
            true),
        Arguments.of(
            "phase to another step before the end",
            (Consumer<DliJob>) r -> r.getStatus().setPhase(Phase.Cancelling),
            false),
        Arguments.of(
            "phase back to the first step",
            (Consumer<DliJob>) r -> r.getStatus().setPhase(Phase.Submitting),
            false),
        Arguments.of("job ID", (Consumer<DliJob>) r -> r.getStatus().setJobId("other"), true),
        Arguments.of(
            "completion time",
            (Consumer<DliJob>) r -> r.getStatus().setCompletionTime("2026-03-29T10:05:00Z"),
            true),
        Arguments.of("cancel", (Consumer<DliJob>) r -> r.getSpec().setCancel(true), true),
        Arguments.of(
            "deletion",
            (Consumer<DliJob>) r -> r.getMetadata().setDeletionTimestamp("2026-03-29T10:05:00Z"),
            true),
        Arguments.of(
            "DLI status only",
            (Consumer<DliJob>) r -> r.getStatus().setDliStatus("RUNNING"),
            false),
        Arguments.of(
            "a finalizer",
            (Consumer<DliJob>) r -> r.getMetadata().setFinalizers(List.of("x")),
            false),
        Arguments.of("nothing", (Consumer<DliJob>) r -> {}, false));
  }

  @ParameterizedTest(name = "{0} changed: wakes the cron {2}")
  @MethodSource("changes")
  void onlyWhatTheCronReadsOfARunWakesIt(String what, Consumer<DliJob> change, boolean wakes) {
    DliJob before =
        CronFixtures.run(
            CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), SLOT, Phase.Running);
    DliJob after =
        CronFixtures.run(
            CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow), SLOT, Phase.Running);
    change.accept(after);

    assertThat(Runs.differForTheCron(after, before)).isEqualTo(wakes);
  }
}
