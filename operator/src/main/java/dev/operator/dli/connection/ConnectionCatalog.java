package dev.operator.dli.connection;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.DliConnection;
import java.util.Map;
import java.util.Optional;

/**
 * The connection resources and namespace labels as the operator's caches have them. A lookup of a
 * connection kind the operator cannot list (RBAC) throws {@link Unreadable}.
 */
public interface ConnectionCatalog {
  Optional<DliConnection> dliConnection(String namespace, String name);

  Optional<ClusterDliConnection> clusterConnection(String name);

  /** The cache of a connection kind cannot be filled: the message says what to grant. */
  final class Unreadable extends RuntimeException {
    public Unreadable(String message) {
      super(message);
    }
  }

  /**
   * The labels of a namespace, or empty while they are not known (not listed yet, or not readable).
   */
  Optional<Map<String, String>> namespaceLabels(String namespace);

  /** Why the kind cannot be used (its CRD is not installed), or null. */
  String unserved(ConnectionKind kind);
}
