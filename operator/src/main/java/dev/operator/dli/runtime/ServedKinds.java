package dev.operator.dli.runtime;

import dev.operator.dli.api.DliJob;
import java.util.List;
import java.util.Set;

/**
 * Which of the operator's kinds the API server serves, from its discovery (which every identity may
 * read). Helm installs a chart's {@code crds/} on install but never on upgrade, so an upgraded
 * cluster can lack a kind that is new in this version: the operator then serves the kinds it has
 * and says which CRD is missing and how to install it, rather than failing to start.
 */
record ServedKinds(List<String> served, List<String> missing) {
  /** A kind of this operator: its plural (as discovery lists it) and its kind name. */
  enum Kind {
    DLI_JOB("dlijobs", "DliJob"),
    DLI_CRON_JOB("dlicronjobs", "DliCronJob"),
    DLI_CONNECTION("dliconnections", "DliConnection"),
    CLUSTER_DLI_CONNECTION("clusterdliconnections", "ClusterDliConnection");

    final String plural;
    final String kind;

    Kind(String plural, String kind) {
      this.plural = plural;
      this.kind = kind;
    }

    String crdName() {
      return plural + "." + DliJob.GROUP;
    }
  }

  /**
   * @param resources the resource names discovery lists for the operator's group and version
   */
  static ServedKinds of(Set<String> resources) {
    List<String> served =
        List.of(Kind.values()).stream()
            .filter(k -> resources.contains(k.plural))
            .map(k -> k.kind)
            .toList();
    List<String> missing =
        List.of(Kind.values()).stream()
            .filter(k -> !resources.contains(k.plural))
            .map(Kind::crdName)
            .toList();
    return new ServedKinds(served, missing);
  }

  boolean serves(Kind kind) {
    return served.contains(kind.kind);
  }

  /** What to tell the operator's user, or null when every kind is served. */
  String problem() {
    if (missing.isEmpty()) {
      return null;
    }
    return "the CustomResourceDefinition(s) "
        + String.join(", ", missing)
        + " are not installed, so "
        + (served.isEmpty() ? "no kind" : "only " + String.join(", ", served))
        + " is served; Helm installs a chart's CRDs only on install, never on upgrade: apply them"
        + " with `kubectl apply --server-side --force-conflicts -f crds/` (from this version's"
        + " chart) and restart the operator";
  }
}
