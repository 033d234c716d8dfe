package dev.operator.dli.connection;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.ConnectionSpec;
import dev.operator.dli.api.DliConnection;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.lifecycle.Stall;
import dev.operator.dli.lifecycle.StallReason;
import dev.operator.dli.metrics.ConnectionMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds the DLI connection of a DliJob: the DliConnection or ClusterDliConnection it names (if its
 * namespace may use it, {@link ConnectionPolicy}), the operator's default, or a deprecated
 * connection Secret. A connection is its client, its call scheduler and its status sweep, on
 * threads and HTTP pools that all connections share ({@link ConnectionRuntime}); connections are
 * cached per {@link ConnectionTarget#key()}, rebuilt when the resource's spec or its Secret's data
 * change, and closed when they are gone.
 *
 * <p>Who holds a credentials Secret (see {@link SecretLookup}): a connection resource holds its
 * own, so the Secret stays while the resource does; a deprecated connection Secret is held by the
 * DliJobs that name it.
 */
public final class ConnectionResolver implements AutoCloseable {
  /**
   * A usable connection or why there is none, and whether it takes new submits.
   *
   * @param stall why there is no connection (safe to show), or null
   * @param refusesSubmits why this connection takes no new submits (it is being deleted), or null
   */
  public record Resolved(
      Connection connection, Stall stall, Stall refusesSubmits, ConnectionTarget target) {
    /** For a DliJob that calls DLI no more: it needs no connection. */
    public static final Resolved NOT_NEEDED = new Resolved(null, null, null, null);

    static Resolved refused(ConnectionTarget target, Stall stall) {
      return new Resolved(null, stall, null, target);
    }

    /** Whether the job names a deprecated connection Secret. */
    public boolean deprecated() {
      return target != null && target.deprecated();
    }

    /** Whether the job names a connection resource that does not exist. */
    public boolean connectionGone() {
      return stall != null && stall.reason() == StallReason.ConnectionNotFound;
    }
  }

  /** A connection and what it was built from; a change of anything else leaves it as it is. */
  private record Cached(List<Object> source, Connection connection) {}

  private final SecretLookup secrets;
  private final ConnectionCatalog catalog;
  private final String defaultConnection;
  private final ConnectionSettings settings;
  private final ConnectionMetrics metrics;
  private final Consumer<ResourceID> wake;
  private final Map<String, Cached> connections = new ConcurrentHashMap<>();
  private final ConnectionRuntime runtime;

  /**
   * @param secrets reads the credentials Secrets that connections name
   * @param catalog the connection resources and namespace labels
   * @param defaultConnection DLI_DEFAULT_CONNECTION: a ClusterDliConnection's name, or
   *     "namespace/name" of a deprecated connection Secret; null for none
   * @param wake tells JOSDK that a DliJob has something new to look at
   */
  public ConnectionResolver(
      SecretLookup secrets,
      ConnectionCatalog catalog,
      String defaultConnection,
      ConnectionSettings settings,
      ConnectionMetrics metrics,
      Consumer<ResourceID> wake) {
    this.secrets = secrets;
    this.catalog = catalog;
    this.defaultConnection = defaultConnection;
    this.settings = settings;
    this.metrics = metrics;
    this.wake = wake;
    this.runtime = new ConnectionRuntime(settings);
  }

  /** What the job names; its {@link ConnectionTarget#key()} tells connections apart. */
  public ConnectionTarget targetOf(DliJob job) {
    return ConnectionTarget.of(job, defaultConnection);
  }

  /**
   * The connection of a job that may still call DLI; a job that names a deprecated connection
   * Secret holds it from now on (see {@link SecretLookup}).
   */
  public Resolved resolve(DliJob job) {
    return resolve(job, SecretHolder.of(job));
  }

  /** The connection of a DliJob that is gone already: a Secret it named is read, not held. */
  public Resolved resolveForGone(DliJob job) {
    return resolve(job, null);
  }

  private Resolved resolve(DliJob job, SecretHolder jobHolder) {
    ConnectionTarget target = targetOf(job);
    String namespace = job.getMetadata().getNamespace();
    if (target instanceof ConnectionTarget.None) {
      return Resolved.refused(
          target,
          new Stall(
              StallReason.ConnectionInvalid,
              "spec.connectionRef is not set and the operator has no default connection"
                  + " (DLI_DEFAULT_CONNECTION)"));
    }
    if (target instanceof ConnectionTarget.LegacySecret legacy) {
      return legacy(legacy, jobHolder);
    }
    ConnectionTarget.Resource resource = (ConnectionTarget.Resource) target;
    String unserved = catalog.unserved(resource.kind());
    if (unserved != null) {
      return Resolved.refused(target, new Stall(StallReason.ConnectionNotFound, unserved));
    }
    try {
      return ofTarget(resource, namespace);
    } catch (ConnectionCatalog.Unreadable e) {
      return Resolved.refused(target, new Stall(StallReason.ConnectionInvalid, e.getMessage()));
    }
  }

  private Resolved ofTarget(ConnectionTarget.Resource resource, String namespace) {
    if (resource.kind() == ConnectionKind.DliConnection) {
      DliConnection found = catalog.dliConnection(namespace, resource.name()).orElse(null);
      Optional<Stall> refused = ConnectionPolicy.dliConnection(namespace, resource.name(), found);
      return refused.isPresent()
          ? Resolved.refused(resource, refused.get())
          : ofResource(ConnectionResource.of(found));
    }
    ClusterDliConnection found = catalog.clusterConnection(resource.name()).orElse(null);
    Optional<Map<String, String>> labels =
        found == null ? Optional.of(Map.of()) : catalog.namespaceLabels(namespace);
    if (labels.isEmpty()) {
      return Resolved.refused(
          resource,
          new Stall(
              StallReason.ConnectionInvalid,
              "the labels of namespace "
                  + namespace
                  + " are not known, so the namespaceSelector of "
                  + resource
                  + " cannot be applied: the operator needs get, list and watch on namespaces"));
    }
    Optional<Stall> refused =
        ConnectionPolicy.clusterConnection(namespace, labels.get(), resource.name(), found);
    return refused.isPresent()
        ? Resolved.refused(resource, refused.get())
        : ofResource(ConnectionResource.of(found));
  }

  /**
   * The connection of a connection resource itself (for its status), without any DliJob's policy;
   * the resource holds its credentials Secret from now on.
   */
  public Resolved open(HasMetadata connectionResource) {
    return ofResource(ConnectionResource.of(connectionResource));
  }

  /** A connection resource is gone: its connection closes and its Secret is let go. */
  public void closed(HasMetadata connectionResource) {
    ConnectionTarget.Resource target = ConnectionResource.of(connectionResource).target();
    drop(target.key());
    secrets.release(holderOf(target.kind(), ResourceID.fromResource(connectionResource)));
  }

  /** The holder of a connection resource's credentials Secret. */
  public static SecretHolder holderOf(ConnectionKind kind, ResourceID id) {
    return new SecretHolder(kind.name(), id);
  }

  private Resolved ofResource(ConnectionResource connection) {
    ConnectionTarget.Resource target = connection.target();
    ConnectionSpec spec = connection.spec();
    if (spec == null || connection.secretRef() == null) {
      return Resolved.refused(
          target,
          new Stall(StallReason.ConnectionInvalid, target + " has no spec.credentialsSecretRef"));
    }
    HasMetadata resource = connection.object();
    SecretHolder holder = holderOf(target.kind(), ResourceID.fromResource(resource));
    Optional<Secret> secret;
    try {
      secret = secrets.hold(holder, true, connection.secretNamespace(), connection.secretName());
    } catch (SecretLookup.Unreadable e) {
      return Resolved.refused(target, new Stall(StallReason.ConnectionInvalid, e.getMessage()));
    }
    if (secret.isEmpty()) {
      drop(target.key());
      return Resolved.refused(
          target,
          new Stall(
              StallReason.ConnectionInvalid,
              "Secret "
                  + connection.secretRef()
                  + " of "
                  + target
                  + " (spec.credentialsSecretRef) not found"));
    }
    List<Object> source =
        List.of(resource.getMetadata().getUid(), generationOf(resource), dataOf(secret.get()));
    Stall refusesSubmits =
        ConnectionPolicy.newSubmits(target.toString(), resource.isMarkedForDeletion()).orElse(null);
    return connection(
        target,
        source,
        () -> ConnectionParser.of(target.toString(), spec, secret.get(), settings),
        refusesSubmits);
  }

  private static long generationOf(HasMetadata resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private Resolved legacy(ConnectionTarget.LegacySecret target, SecretHolder jobHolder) {
    Optional<Secret> secret;
    try {
      secret =
          jobHolder == null
              ? secrets.read(target.namespace(), target.name())
              : secrets.hold(jobHolder, true, target.namespace(), target.name());
    } catch (SecretLookup.Unreadable e) {
      return Resolved.refused(target, new Stall(StallReason.ConnectionInvalid, e.getMessage()));
    }
    if (secret.isEmpty()) {
      drop(target.key());
      return Resolved.refused(
          target, new Stall(StallReason.ConnectionInvalid, target + " not found"));
    }
    return connection(
        target,
        List.of(dataOf(secret.get())),
        () -> ConnectionParser.legacy(secret.get(), settings),
        null);
  }

  private synchronized Resolved connection(
      ConnectionTarget target,
      List<Object> source,
      Supplier<dev.operator.dli.client.DliConnection> build,
      Stall refusesSubmits) {
    String key = target.key();
    Cached cached = connections.get(key);
    if (cached != null && cached.source().equals(source)) {
      return new Resolved(cached.connection(), null, refusesSubmits, target);
    }
    try {
      String name = metricName(target);
      Connection connection = runtime.open(build.get(), metrics.requestTimer(name), wake);
      Cached previous = connections.put(key, new Cached(source, connection));
      if (previous != null) {
        previous.connection().close();
      } else {
        metrics.budget(name, () -> budgetOf(key));
      }
      return new Resolved(connection, null, refusesSubmits, target);
    } catch (ConnectionParser.Unusable e) {
      drop(key);
      return Resolved.refused(target, new Stall(StallReason.ConnectionInvalid, e.getMessage()));
    }
  }

  /** The connection's label in metrics; a deprecated Secret's is "namespace/name", as it was. */
  private static String metricName(ConnectionTarget target) {
    return target instanceof ConnectionTarget.LegacySecret legacy
        ? legacy.namespace() + "/" + legacy.name()
        : target.key();
  }

  private synchronized void drop(String key) {
    Cached gone = connections.remove(key);
    if (gone != null) {
      gone.connection().close();
    }
  }

  /** What a connection is built from: the Secret's data and stringData, never its metadata. */
  private static Map<String, String> dataOf(Secret secret) {
    Map<String, String> data = new HashMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((key, value) -> data.put("stringData." + key, value));
    }
    return data;
  }

  /** What the connection's budget allows now; 0 once it is gone. */
  private double budgetOf(String key) {
    Cached current = connections.get(key);
    return current == null ? 0 : current.connection().client().budget().rate();
  }

  @Override
  public synchronized void close() {
    connections.values().forEach(c -> c.connection().close());
    connections.clear();
    runtime.close();
  }
}
