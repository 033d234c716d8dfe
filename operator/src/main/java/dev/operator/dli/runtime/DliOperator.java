package dev.operator.dli.runtime;

import dev.operator.dli.reconciler.DliCronJobReconciler;
import dev.operator.dli.reconciler.DliJobReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator: JOSDK with the DliJob and DliCronJob controllers, configured from {@link
 * OperatorConfig}.
 */
public final class DliOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DliOperator.class);

  private final Operator operator;
  private final DliJobReconciler reconciler;
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
    this.reconciler =
        new DliJobReconciler(
            client,
            config.defaultConnection(),
            config.connections(),
            config.timing(),
            config.instance(),
            metrics,
            afterSubmit);
    operator.register(
        reconciler,
        c -> {
          // Never give up on a DliJob after errors, and look at every one at least every few
          // minutes.
          c.withRetry(
              new GenericRetry()
                  .setInitialInterval(Duration.ofMillis(500))
                  .setIntervalMultiplier(2)
                  .setMaxInterval(Duration.ofMinutes(1).toMillis())
                  .withoutMaxAttempts());
          c.withReconciliationMaxInterval(Duration.ofMinutes(5));
          watch(c, config);
        });
    // A DliCronJob wakes at its next slot and when its runs change: no periodic look.
    operator.register(
        new DliCronJobReconciler(client, config.cronClock(), config.instance(), metrics),
        c -> {
          c.withRetry(
              new GenericRetry()
                  .setInitialInterval(Duration.ofMillis(500))
                  .setIntervalMultiplier(2)
                  .setMaxInterval(Duration.ofMinutes(1).toMillis())
                  .withoutMaxAttempts());
          c.withReconciliationMaxInterval(null);
          watch(c, config);
        });
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
    reconciler.close();
  }
}
