package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TtlGuardTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  static Stream<Arguments> markers() {
    return Stream.of(
        Arguments.of(Map.of(), Map.of(), null),
        Arguments.of(Map.of("team", "data"), Map.of("note", "x"), null),
        Arguments.of(
            Map.of(),
            Map.of("argocd.argoproj.io/tracking-id", "app:dli.operator.dev/DliJob:ns/name"),
            "Argo CD's annotation argocd.argoproj.io/tracking-id"),
        Arguments.of(
            Map.of("app.kubernetes.io/instance", "jobs"),
            Map.of(),
            "Argo CD's label app.kubernetes.io/instance"),
        Arguments.of(
            Map.of("kustomize.toolkit.fluxcd.io/name", "jobs"),
            Map.of(),
            "Flux's label kustomize.toolkit.fluxcd.io/name"),
        Arguments.of(
            Map.of("helm.toolkit.fluxcd.io/name", "jobs"),
            Map.of(),
            "Flux's label helm.toolkit.fluxcd.io/name"),
        Arguments.of(
            Map.of("kustomize.toolkit.fluxcd.io/name", "jobs"),
            Map.of(TtlGuard.ANNOTATION, TtlGuard.DELETE),
            null),
        Arguments.of(
            Map.of("kustomize.toolkit.fluxcd.io/name", "jobs"),
            Map.of(TtlGuard.ANNOTATION, "yes"),
            "Flux's label kustomize.toolkit.fluxcd.io/name"),
        Arguments.of(
            Map.of("argocd.argoproj.io/tracking-id", "a label, not the annotation"),
            Map.of(),
            null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("markers")
  void holdsBackTheTtlOfWhatAGitOpsToolTracks(
      Map<String, String> labels, Map<String, String> annotations, String heldBy) {
    assertThat(TtlGuard.holdsBack(labels, annotations).orElse(null)).isEqualTo(heldBy);
  }

  @Test
  void noLabelsOrAnnotationsAtAll() {
    assertThat(TtlGuard.holdsBack(null, null)).isEmpty();
  }

  @Test
  void theWarningNamesTheLoopAndTheWayOut() {
    JobEvent warning = TtlGuard.warning("Flux's label kustomize.toolkit.fluxcd.io/name");
    assertThat(warning.reason()).isEqualTo(EventReason.TTLUnderGitOps);
    assertThat(warning.reason().warning()).isTrue();
    assertThat(warning.message())
        .contains("kustomize.toolkit.fluxcd.io/name")
        .contains("runs the DLI job again")
        .contains("dli.operator.dev/ttl-under-gitops: delete");
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(false, -1, new Action.DeleteResource()),
        Arguments.of(false, 30, new Action.Wait(Duration.ofSeconds(30))),
        Arguments.of(true, -1, new Action.Wait(null)),
        Arguments.of(true, 30, new Action.Wait(null)));
  }

  @ParameterizedTest(name = "held {0}, TTL passes in {1}s")
  @MethodSource("decisions")
  void aHeldTtlNeverDeletes(boolean held, int ttlLeftSeconds, Action expected) {
    DliJobSpec spec = new DliJobSpec();
    spec.setTtlSecondsAfterFinished(60L);
    DliJobStatus st = new DliJobStatus();
    st.setPhase(Phase.Succeeded);
    st.setJobId("job-1");
    st.setCompletionTime(NOW.minusSeconds(60 - ttlLeftSeconds).toString());
    Decisions decisions = new Decisions(Timing.defaults(), NOW);
    Snapshot s =
        Snapshot.of(spec, st, NOW)
            .createdAt(NOW.minusSeconds(600))
            .observed(true)
            .ttlHeld(held)
            .build();
    assertThat(decisions.decide(s)).isEqualTo(expected);
  }
}
