package dev.operator.dli.connection;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.DliConnection;
import dev.operator.dli.lifecycle.Stall;
import dev.operator.dli.lifecycle.StallReason;
import java.util.Map;
import java.util.Optional;

/**
 * Which connections a DliJob's namespace may spend: a DliConnection of its own namespace, and a
 * ClusterDliConnection whose namespaceSelector selects the namespace's labels (the default
 * connection too). A refusal names the namespace and the connection, and nothing else.
 */
public final class ConnectionPolicy {
  private ConnectionPolicy() {}

  /**
   * @param found the DliConnection named, as the cache has it, or null
   */
  public static Optional<Stall> dliConnection(
      String jobNamespace, String name, DliConnection found) {
    if (found == null) {
      return Optional.of(
          new Stall(
              StallReason.ConnectionNotFound,
              "DliConnection " + jobNamespace + "/" + name + " not found"));
    }
    if (!jobNamespace.equals(found.getMetadata().getNamespace())) {
      return Optional.of(
          new Stall(
              StallReason.ConnectionNotAllowed,
              "DliJobs of namespace "
                  + jobNamespace
                  + " may use only the DliConnections of their own namespace, not "
                  + found.getMetadata().getNamespace()
                  + "/"
                  + name));
    }
    return Optional.empty();
  }

  /**
   * @param namespaceLabels the labels of the DliJob's namespace
   * @param found the ClusterDliConnection named, as the cache has it, or null
   */
  public static Optional<Stall> clusterConnection(
      String jobNamespace,
      Map<String, String> namespaceLabels,
      String name,
      ClusterDliConnection found) {
    if (found == null) {
      return Optional.of(
          new Stall(
              StallReason.ConnectionNotFound,
              "ClusterDliConnection " + name + " (for namespace " + jobNamespace + ") not found"));
    }
    if (found.getSpec() == null
        || !LabelSelectors.matches(found.getSpec().getNamespaceSelector(), namespaceLabels)) {
      return Optional.of(
          new Stall(
              StallReason.ConnectionNotAllowed,
              "namespace "
                  + jobNamespace
                  + " is not selected by the namespaceSelector of ClusterDliConnection "
                  + name));
    }
    return Optional.empty();
  }

  /** A connection whose deletion started serves the jobs it has, but takes no new submits. */
  public static Optional<Stall> newSubmits(String connection, boolean deleting) {
    return deleting
        ? Optional.of(
            new Stall(
                StallReason.ConnectionNotAllowed,
                connection + " is being deleted: it takes no new submits"))
        : Optional.empty();
  }
}
