package dev.operator.dli.runtime;

import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.reconciler.ClusterDliConnectionReconciler;
import dev.operator.dli.reconciler.DliConnectionReconciler;
import dev.operator.dli.reconciler.DliCronJobReconciler;
import dev.operator.dli.reconciler.DliJobReconciler;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator: JOSDK with the DliJob and DliCronJob controllers, configured from {@link
 * OperatorConfig}.
 */
public final class DliOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DliOperator.class);

  private static final int DISCOVERY_TRIES = 5;
  private static final Duration DISCOVERY_PAUSE = Duration.ofSeconds(1);

  private final Operator operator;
  private final DliJobReconciler reconciler; // null when the DliJob CRD is missing
  private final ServedKinds kinds;
  private volatile boolean closing;

  /**
   * @param metrics where JOSDK's reconciliation metrics and the operator's own go
   * @param afterSubmit a test seam that runs after each submit call, before its job ID is recorded
   */
  public DliOperator(
      KubernetesClient client, OperatorConfig config, MeterRegistry metrics, Runnable afterSubmit) {
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withConcurrentReconciliationThreads(config.concurrency())
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        "dli-operator",
                        config.leaseNamespace(),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2),
                        config.instance(),
                        new LeaderCallbacks(() -> {}, this::leadershipLost, leader -> {}),
                        false));
              }
            });
    BuildInfo.register(metrics);
    if (config.defaultConnection() != null && config.defaultConnection().contains("/")) {
      log.warn(
          "DLI_DEFAULT_CONNECTION={} names a connection Secret, which is deprecated: name a"
              + " ClusterDliConnection instead (see the README, Connections)",
          config.defaultConnection());
    }
    this.kinds = discover(client);
    if (kinds.served().isEmpty()) {
      throw new IllegalStateException(kinds.problem());
    }
    if (kinds.problem() != null) {
      log.error("{}", kinds.problem());
    }
    this.reconciler =
        kinds.serves(ServedKinds.Kind.DLI_JOB)
            ? dliJobs(client, config, metrics, afterSubmit)
            : null;
    if (kinds.serves(ServedKinds.Kind.DLI_CRON_JOB)) {
      cronJobs(client, config, metrics);
    }
    if (reconciler != null && kinds.serves(ServedKinds.Kind.DLI_CONNECTION)) {
      connections(new DliConnectionReconciler(reconciler, Clock.systemUTC()), config);
    }
    if (reconciler != null && kinds.serves(ServedKinds.Kind.CLUSTER_DLI_CONNECTION)) {
      connections(new ClusterDliConnectionReconciler(reconciler, Clock.systemUTC()), null);
    }
  }

  /**
   * The kinds discovery lists. A CRD created a moment ago can be established before discovery shows
   * it, so a missing kind is looked for again for a few seconds (at start, on no reconcile thread)
   * before it is taken as missing.
   */
  private static ServedKinds discover(KubernetesClient client) {
    ServedKinds kinds = ServedKinds.of(resources(client));
    for (int tries = 1; !kinds.missing().isEmpty() && tries < DISCOVERY_TRIES; tries++) {
      try {
        Thread.sleep(DISCOVERY_PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      kinds = ServedKinds.of(resources(client));
    }
    return kinds;
  }

  private static Set<String> resources(KubernetesClient client) {
    Set<String> resources = new HashSet<>();
    try {
      APIResourceList list = client.getApiResources(DliJob.GROUP + "/" + DliJob.VERSION);
      if (list != null) {
        list.getResources().forEach(r -> resources.add(r.getName()));
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
    return resources;
  }

  private DliJobReconciler dliJobs(
      KubernetesClient client, OperatorConfig config, MeterRegistry metrics, Runnable afterSubmit) {
    DliJobReconciler reconciler =
        new DliJobReconciler(
            client,
            config.defaultConnection(),
            config.watchNamespaces(),
            connectionKinds(),
            config.connections(),
            config.timing(),
            config.instance(),
            metrics,
            afterSubmit);
    operator.register(
        reconciler,
        c -> {
          // Look at every DliJob at least every few minutes.
          c.withRetry(neverGiveUp());
          c.withReconciliationMaxInterval(Duration.ofMinutes(5));
          watch(c, config);
        });
    return reconciler;
  }

  /** The connection kinds whose CRDs are installed. */
  private Set<ConnectionKind> connectionKinds() {
    Set<ConnectionKind> served = EnumSet.noneOf(ConnectionKind.class);
    if (kinds.serves(ServedKinds.Kind.DLI_CONNECTION)) {
      served.add(ConnectionKind.DliConnection);
    }
    if (kinds.serves(ServedKinds.Kind.CLUSTER_DLI_CONNECTION)) {
      served.add(ConnectionKind.ClusterDliConnection);
    }
    return served;
  }

  /**
   * A connection kind's status and in-use finalizer; it looks again every few seconds itself.
   *
   * @param config the operator's, for a namespaced kind's namespaces; null for a cluster-scoped one
   */
  private <R extends HasMetadata> void connections(
      Reconciler<R> connections, OperatorConfig config) {
    operator.register(
        connections,
        c -> {
          c.withRetry(neverGiveUp());
          c.withReconciliationMaxInterval(null);
          if (config != null) {
            watch(c, config);
          }
        });
  }

  private void cronJobs(KubernetesClient client, OperatorConfig config, MeterRegistry metrics) {
    // A DliCronJob wakes at its next slot and when its runs change: no periodic look.
    operator.register(
        new DliCronJobReconciler(client, config.cronClock(), config.instance(), metrics),
        c -> {
          c.withRetry(neverGiveUp());
          c.withReconciliationMaxInterval(null);
          watch(c, config);
        });
  }

  /** After an error, try again: soon at first, then at most every minute, and never give up. */
  private static GenericRetry neverGiveUp() {
    return new GenericRetry()
        .setInitialInterval(Duration.ofMillis(500))
        .setIntervalMultiplier(2)
        .setMaxInterval(Duration.ofMinutes(1).toMillis())
        .withoutMaxAttempts();
  }

  private static void watch(ControllerConfigurationOverrider<?> c, OperatorConfig config) {
    if (config.watchNamespaces().isEmpty()) {
      c.watchingAllNamespaces();
    } else {
      c.settingNamespaces(config.watchNamespaces());
    }
  }

  /**
   * A replica that lost its Lease must stop at once, or two replicas would drive the same jobs; the
   * Deployment restarts it as a follower. Stopping on purpose (close) is not losing it.
   */
  private void leadershipLost() {
    if (!closing) {
      log.error("lost the leader Lease; exiting so that only the new leader drives DliJobs");
      new Thread(() -> System.exit(1), "exit-after-lost-lease").start();
    }
  }

  /** The CRDs of this version that the cluster lacks: their kinds are not served. */
  public List<String> missingCrds() {
    return kinds.missing();
  }

  public DliOperator start() {
    operator.start();
    return this;
  }

  /** Started, and every informer is synced and healthy. */
  public boolean ready() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    closing = true;
    operator.stop();
    if (reconciler != null) {
      reconciler.close();
    }
  }
}
