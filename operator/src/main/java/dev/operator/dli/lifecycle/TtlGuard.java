package dev.operator.dli.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ttlSecondsAfterFinished under GitOps: Argo CD and Flux re-create a deleted resource that Git
 * still holds, and the re-created DliJob would run its job again, in a loop. A DliJob that carries
 * one of their tracking labels or annotations is therefore not deleted by its TTL, unless the
 * annotation {@value #ANNOTATION}: {@value #DELETE} says the tool won't re-create it.
 */
public final class TtlGuard {
  public static final String ANNOTATION = "dli.operator.dev/ttl-under-gitops";
  public static final String DELETE = "delete";

  private record Marker(String key, boolean label, String tool) {}

  private static final List<Marker> MARKERS =
      List.of(
          new Marker("argocd.argoproj.io/tracking-id", false, "Argo CD"),
          new Marker("app.kubernetes.io/instance", true, "Argo CD"),
          new Marker("kustomize.toolkit.fluxcd.io/name", true, "Flux"),
          new Marker("helm.toolkit.fluxcd.io/name", true, "Flux"));

  private TtlGuard() {}

  /**
   * Why the TTL must not delete this resource ("Argo CD's label app.kubernetes.io/instance"), or
   * empty when it may.
   */
  public static Optional<String> holdsBack(
      Map<String, String> labels, Map<String, String> annotations) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    if (DELETE.equals(a.get(ANNOTATION))) {
      return Optional.empty();
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    return MARKERS.stream()
        .filter(m -> (m.label() ? l : a).containsKey(m.key()))
        .findFirst()
        .map(m -> m.tool() + "'s " + (m.label() ? "label " : "annotation ") + m.key());
  }

  /** The Warning that tells why the TTL will not delete the resource. */
  public static JobEvent warning(String heldBy) {
    return new JobEvent(
        EventReason.TTLUnderGitOps,
        "ttlSecondsAfterFinished will not delete this DliJob: it carries "
            + heldBy
            + ", and a GitOps tool re-creates what it deletes, which runs the DLI job again."
            + " Remove it from Git instead, or annotate it "
            + ANNOTATION
            + ": "
            + DELETE
            + " if nothing will re-create it");
  }
}
