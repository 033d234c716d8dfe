package dev.operator.dli.connection;

import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.DliJob;

/**
 * The connection a DliJob names: its spec.connectionRef, the deprecated spec.connection.secretName,
 * or the operator's default (DLI_DEFAULT_CONNECTION: a ClusterDliConnection's name, or in its old
 * form "namespace/secretName" a legacy connection Secret). {@link #key()} tells connections apart
 * (caches, indexes); {@link #deprecated()} marks the legacy Secret forms.
 */
public sealed interface ConnectionTarget {
  String key();

  default boolean deprecated() {
    return false;
  }

  /** A DliConnection (namespace set) or a ClusterDliConnection (namespace null). */
  record Resource(ConnectionKind kind, String namespace, String name) implements ConnectionTarget {
    @Override
    public String key() {
      return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    @Override
    public String toString() {
      return namespace == null ? kind + " " + name : kind + " " + namespace + "/" + name;
    }
  }

  /** A connection Secret holding endpoint, project and credentials: the deprecated form. */
  record LegacySecret(String namespace, String name) implements ConnectionTarget {
    @Override
    public String key() {
      return "Secret/" + namespace + "/" + name;
    }

    @Override
    public boolean deprecated() {
      return true;
    }

    @Override
    public String toString() {
      return "connection Secret " + namespace + "/" + name;
    }
  }

  /** No connection named and no default. */
  record None() implements ConnectionTarget {
    @Override
    public String key() {
      return "";
    }
  }

  /**
   * @param defaultConnection DLI_DEFAULT_CONNECTION as configured, or null
   */
  static ConnectionTarget of(DliJob job, String defaultConnection) {
    String namespace = job.getMetadata().getNamespace();
    if (job.getSpec() != null && job.getSpec().getConnectionRef() != null) {
      var ref = job.getSpec().getConnectionRef();
      return new Resource(
          ref.getKind(),
          ref.getKind() == ConnectionKind.DliConnection ? namespace : null,
          ref.getName());
    }
    if (job.getSpec() != null && job.getSpec().getConnection() != null) {
      return new LegacySecret(namespace, job.getSpec().getConnection().getSecretName());
    }
    return ofDefault(defaultConnection);
  }

  /** The default connection: a ClusterDliConnection's name, or the old "namespace/secretName". */
  static ConnectionTarget ofDefault(String defaultConnection) {
    if (defaultConnection == null || defaultConnection.isBlank()) {
      return new None();
    }
    int slash = defaultConnection.indexOf('/');
    return slash < 0
        ? new Resource(ConnectionKind.ClusterDliConnection, null, defaultConnection)
        : new LegacySecret(
            defaultConnection.substring(0, slash), defaultConnection.substring(slash + 1));
  }
}
