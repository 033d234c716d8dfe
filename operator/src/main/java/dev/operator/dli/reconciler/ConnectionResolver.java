package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.client.CallListener;
import dev.operator.dli.client.DliClient;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Finds the DLI connection of a DliJob: the Secret it names, or the operator's default connection.
 * A connection is its client, its call scheduler and its status sweep; connections are cached per
 * Secret, rebuilt when the Secret changes (its resourceVersion) and closed when it is gone.
 */
final class ConnectionResolver implements AutoCloseable {
  /**
   * One Secret's connection to DLI: calls go through its scheduler, statuses come from its sweep.
   */
  record Connection(DliClient client, ConnectionScheduler scheduler, StatusSweep sweep)
      implements AutoCloseable {
    @Override
    public void close() {
      sweep.close();
      scheduler.close();
      client.close();
    }
  }

  /** A usable connection, or why there is none (safe to show). */
  record Resolved(Connection connection, String problem) {}

  private record Cached(String resourceVersion, Connection connection) {}

  private final BiFunction<String, String, Optional<Secret>> secrets;
  private final String defaultConnection;
  private final ConnectionSettings settings;
  private final MeterRegistry metrics;
  private final Consumer<ResourceID> wake;
  private final Map<String, Cached> connections = new ConcurrentHashMap<>();

  /**
   * @param secrets looks a Secret up by namespace and name
   * @param defaultConnection "namespace/name" of the default connection Secret, or null
   * @param wake tells JOSDK that a DliJob has something new to look at
   */
  ConnectionResolver(
      BiFunction<String, String, Optional<Secret>> secrets,
      String defaultConnection,
      ConnectionSettings settings,
      MeterRegistry metrics,
      Consumer<ResourceID> wake) {
    this.secrets = secrets;
    this.defaultConnection = defaultConnection;
    this.settings = settings;
    this.metrics = metrics;
    this.wake = wake;
  }

  /**
   * "namespace/name" of the Secret this job uses, or null when it names none and there is no
   * default.
   */
  String secretRefOf(DliJob job) {
    if (job.getSpec() == null) {
      return null; // bad input, Stalled by the pass: it names no connection
    }
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
          "spec.connection.secretName is not set and the operator has no default "
              + "connection (DLI_DEFAULT_CONNECTION)");
    }
    String[] parts = ref.split("/", 2);
    Optional<Secret> secret = secrets.apply(parts[0], parts[1]);
    if (secret.isEmpty()) {
      Cached gone = connections.remove(ref);
      if (gone != null) {
        gone.connection().close();
      }
      return new Resolved(null, "connection Secret " + ref + " not found");
    }
    String version = secret.get().getMetadata().getResourceVersion();
    Cached cached = connections.get(ref);
    if (cached != null && cached.resourceVersion().equals(version)) {
      return new Resolved(cached.connection(), null);
    }
    try {
      DliClient client =
          new DliClient(
              SecretConnection.parse(secret.get(), settings), Clock.systemUTC(), requestTimer(ref));
      ConnectionScheduler scheduler =
          new ConnectionScheduler(ref, client.budget(), settings.callsAtOnce());
      Connection connection =
          new Connection(
              client,
              scheduler,
              new StatusSweep(ref, client, scheduler, settings.sweepInterval(), wake));
      Cached previous = connections.put(ref, new Cached(version, connection));
      if (previous != null) {
        previous.connection().close();
      } else {
        budgetGauge(ref);
      }
      return new Resolved(connection, null);
    } catch (SecretConnection.InvalidSecret e) {
      return new Resolved(null, e.getMessage());
    }
  }

  /**
   * dli_connection_budget_requests_per_second{connection}: what the connection's budget allows now.
   */
  private void budgetGauge(String ref) {
    Gauge.builder(
            "dli.connection.budget.requests.per.second",
            () -> {
              Cached current = connections.get(ref);
              return current == null ? 0 : current.connection().client().budget().rate();
            })
        .description("DLI requests per second the connection's budget allows now")
        .tag("connection", ref)
        .register(metrics);
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
    connections.values().forEach(c -> c.connection().close());
    connections.clear();
  }
}
