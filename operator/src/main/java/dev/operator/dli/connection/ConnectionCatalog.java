package dev.operator.dli.connection;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.DliConnection;
import java.util.Map;
import java.util.Optional;

/** The connection resources and namespace labels as the operator's caches have them. */
public interface ConnectionCatalog {
  Optional<DliConnection> dliConnection(String namespace, String name);

  Optional<ClusterDliConnection> clusterConnection(String name);

  /**
   * The labels of a namespace, or empty while they are not known (not listed yet, or not readable).
   */
  Optional<Map<String, String>> namespaceLabels(String namespace);

  /** Why the kind cannot be used (its CRD is not installed), or null. */
  String unserved(ConnectionKind kind);
}
