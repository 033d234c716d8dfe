package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.client.CallListener;
import dev.operator.dli.client.DliClient;
import io.fabric8.kubernetes.api.model.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Finds the DLI client of a DliJob: the Secret it names, or the operator's default connection.
 * Clients are cached per Secret, rebuilt when the Secret changes (its resourceVersion) and closed
 * when it is gone.
 */
final class ConnectionResolver implements AutoCloseable {
  /** A usable client, or why there is none (safe to show). */
  record Resolved(DliClient client, SqlJobListCache listCache, String problem) {}

  private record Cached(String resourceVersion, DliClient client, SqlJobListCache listCache) {}

  private final BiFunction<String, String, Optional<Secret>> secrets;
  private final String defaultConnection;
  private final ConnectionSettings settings;
  private final MeterRegistry metrics;
  private final Map<String, Cached> clients = new ConcurrentHashMap<>();

  /**
   * @param secrets looks a Secret up by namespace and name
   * @param defaultConnection "namespace/name" of the default connection Secret, or null
   */
  ConnectionResolver(
      BiFunction<String, String, Optional<Secret>> secrets,
      String defaultConnection,
      ConnectionSettings settings,
      MeterRegistry metrics) {
    this.secrets = secrets;
    this.defaultConnection = defaultConnection;
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * "namespace/name" of the Secret this job uses, or null when it names none and there is no
   * default.
   */
  String secretRefOf(DliJob job) {
    if (job.getSpec().getConnection() != null) {
      return job.getMetadata().getNamespace() + "/" + job.getSpec().getConnection().getSecretName();
    }
    return defaultConnection;
  }

  synchronized Resolved resolve(DliJob job) {
    String ref = secretRefOf(job);
    if (ref == null) {
      return new Resolved(
          null,
          null,
          "spec.connection.secretName is not set and the operator has no default "
              + "connection (DLI_DEFAULT_CONNECTION)");
    }
    String[] parts = ref.split("/", 2);
    Optional<Secret> secret = secrets.apply(parts[0], parts[1]);
    if (secret.isEmpty()) {
      Cached gone = clients.remove(ref);
      if (gone != null) {
        gone.client().close();
      }
      return new Resolved(null, null, "connection Secret " + ref + " not found");
    }
    String version = secret.get().getMetadata().getResourceVersion();
    Cached cached = clients.get(ref);
    if (cached != null && cached.resourceVersion().equals(version)) {
      return new Resolved(cached.client(), cached.listCache(), null);
    }
    try {
      DliClient client =
          new DliClient(
              SecretConnection.parse(secret.get(), settings), Clock.systemUTC(), requestTimer(ref));
      SqlJobListCache listCache =
          new SqlJobListCache(
              client,
              settings.listPollingThreshold(),
              settings.listPollingInterval(),
              Clock.systemUTC());
      Cached previous = clients.put(ref, new Cached(version, client, listCache));
      if (previous != null) {
        previous.client().close();
      }
      return new Resolved(client, listCache, null);
    } catch (SecretConnection.InvalidSecret e) {
      return new Resolved(null, null, e.getMessage());
    }
  }

  /**
   * dli_requests_seconds{connection, method, status}: every HTTP exchange with DLI or IAM; status 0
   * = no answer.
   */
  private CallListener requestTimer(String ref) {
    return (method, status, took) ->
        Timer.builder("dli.requests")
            .description("HTTP exchanges with DLI and IAM")
            .tags("connection", ref, "method", method, "status", Integer.toString(status))
            .register(metrics)
            .record(took);
  }

  @Override
  public void close() {
    clients.values().forEach(c -> c.client().close());
    clients.clear();
  }
}
