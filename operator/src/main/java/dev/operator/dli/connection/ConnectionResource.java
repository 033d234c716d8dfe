package dev.operator.dli.connection;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.ConnectionSpec;
import dev.operator.dli.api.DliConnection;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A DliConnection or ClusterDliConnection read the same way: what it is as a target, its spec, and
 * its credentials Secret (a DliConnection's in its own namespace); the Secret's parts are null when
 * the spec names none.
 */
public record ConnectionResource(
    ConnectionTarget.Resource target,
    HasMetadata object,
    ConnectionSpec spec,
    String secretNamespace,
    String secretName) {

  public static ConnectionResource of(HasMetadata connection) {
    String name = connection.getMetadata().getName();
    if (connection instanceof DliConnection c) {
      String namespace = c.getMetadata().getNamespace();
      var ref = c.getSpec() == null ? null : c.getSpec().getCredentialsSecretRef();
      return new ConnectionResource(
          new ConnectionTarget.Resource(ConnectionKind.DliConnection, namespace, name),
          c,
          c.getSpec(),
          ref == null ? null : namespace,
          ref == null ? null : ref.getName());
    }
    ClusterDliConnection c = (ClusterDliConnection) connection;
    var ref = c.getSpec() == null ? null : c.getSpec().getCredentialsSecretRef();
    return new ConnectionResource(
        new ConnectionTarget.Resource(ConnectionKind.ClusterDliConnection, null, name),
        c,
        c.getSpec(),
        ref == null ? null : ref.getNamespace(),
        ref == null ? null : ref.getName());
  }

  /** "namespace/name" of its credentials Secret, or null when it names none. */
  public String secretRef() {
    return secretNamespace == null || secretName == null
        ? null
        : secretNamespace + "/" + secretName;
  }
}
