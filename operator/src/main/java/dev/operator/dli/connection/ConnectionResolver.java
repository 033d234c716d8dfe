package dev.operator.dli.connection;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.metrics.ConnectionMetrics;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the DLI connection of a DliJob: the Secret it names, or the operator's default connection.
 * A connection is its client, its call scheduler and its status sweep, on threads and HTTP pools
 * that all connections share ({@link ConnectionRuntime}); connections are cached per Secret,
 * rebuilt when the Secret's data change and closed when it is gone.
 */
public final class ConnectionResolver implements AutoCloseable {
  /** A usable connection, or why there is none (safe to show). */
  public record Resolved(Connection connection, String problem) {
    /** For a DliJob that calls DLI no more: it needs no connection. */
    public static final Resolved NOT_NEEDED = new Resolved(null, null);
  }

  /**
   * A connection and what it was built from: a Secret's metadata changes (its in-use finalizer,
   * say) leave the connection as it is.
   */
  private record Cached(Map<String, String> data, Connection connection) {}

  private final SecretLookup secrets;
  private final String defaultConnection;
  private final ConnectionSettings settings;
  private final ConnectionMetrics metrics;
  private final Consumer<ResourceID> wake;
  private final Map<String, Cached> connections = new ConcurrentHashMap<>();
  private final ConnectionRuntime runtime;

  /**
   * @param secrets reads the Secrets that DliJobs name
   * @param defaultConnection "namespace/name" of the default connection Secret, or null
   * @param wake tells JOSDK that a DliJob has something new to look at
   */
  public ConnectionResolver(
      SecretLookup secrets,
      String defaultConnection,
      ConnectionSettings settings,
      ConnectionMetrics metrics,
      Consumer<ResourceID> wake) {
    this.secrets = secrets;
    this.defaultConnection = defaultConnection;
    this.settings = settings;
    this.metrics = metrics;
    this.wake = wake;
    this.runtime = new ConnectionRuntime(settings);
  }

  /**
   * "namespace/name" of the Secret this job uses, or null when it names none and there is no
   * default.
   */
  public String secretRefOf(DliJob job) {
    if (job.getSpec() == null) {
      return null; // bad input, Stalled by the pass: it names no connection
    }
    if (job.getSpec().getConnection() != null) {
      return job.getMetadata().getNamespace() + "/" + job.getSpec().getConnection().getSecretName();
    }
    return defaultConnection;
  }

  /**
   * The connection of a job that may still call DLI; from now on the job holds its Secret, in use
   * (see {@link SecretLookup}).
   */
  public Resolved resolve(DliJob job) {
    return resolve(job, SecretHolder.of(job));
  }

  /** The connection of a DliJob that is gone already: its Secret is read, not held. */
  public Resolved resolveForGone(DliJob job) {
    return resolve(job, null);
  }

  private synchronized Resolved resolve(DliJob job, SecretHolder holder) {
    String ref = secretRefOf(job);
    if (ref == null) {
      return new Resolved(
          null,
          "spec.connection.secretName is not set and the operator has no default "
              + "connection (DLI_DEFAULT_CONNECTION)");
    }
    String[] parts = ref.split("/", 2);
    Optional<Secret> secret;
    try {
      secret =
          holder == null
              ? secrets.read(parts[0], parts[1])
              : secrets.hold(holder, true, parts[0], parts[1]);
    } catch (SecretLookup.Unreadable e) {
      return new Resolved(null, e.getMessage());
    }
    if (secret.isEmpty()) {
      Cached gone = connections.remove(ref);
      if (gone != null) {
        gone.connection().close();
      }
      return new Resolved(null, "connection Secret " + ref + " not found");
    }
    Map<String, String> data = dataOf(secret.get());
    Cached cached = connections.get(ref);
    if (cached != null && cached.data().equals(data)) {
      return new Resolved(cached.connection(), null);
    }
    try {
      Connection connection =
          runtime.open(
              SecretConnection.parse(secret.get(), settings), metrics.requestTimer(ref), wake);
      Cached previous = connections.put(ref, new Cached(data, connection));
      if (previous != null) {
        previous.connection().close();
      } else {
        metrics.budget(ref, () -> budgetOf(ref));
      }
      return new Resolved(connection, null);
    } catch (SecretConnection.InvalidSecret e) {
      return new Resolved(null, e.getMessage());
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
  private double budgetOf(String ref) {
    Cached current = connections.get(ref);
    return current == null ? 0 : current.connection().client().budget().rate();
  }

  @Override
  public void close() {
    connections.values().forEach(c -> c.connection().close());
    connections.clear();
    runtime.close();
  }
}
