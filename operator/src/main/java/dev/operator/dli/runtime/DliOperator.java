package dev.operator.dli.runtime;

import dev.operator.dli.reconciler.DliJobReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;

/** The operator: JOSDK with the DliJob controller, configured from {@link OperatorConfig}. */
public final class DliOperator implements AutoCloseable {
  private final Operator operator;
  private final DliJobReconciler reconciler;

  /**
   * @param metrics where JOSDK's reconciliation metrics go
   * @param afterSubmit a test seam that runs after each submit call, before its job ID is recorded
   */
  public DliOperator(KubernetesClient client, OperatorConfig config, MeterRegistry metrics, Runnable afterSubmit) {
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client).withConcurrentReconciliationThreads(config.concurrency()).withCloseClientOnStop(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
      if (config.leaderElection()) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration("dli-operator", config.leaseNamespace(),
            config.instance()));
      }
    });
    this.reconciler = new DliJobReconciler(client, config.defaultConnection(), config.connections(), config.timing(),
        config.instance(), afterSubmit);
    operator.register(reconciler, c -> {
      // Never give up on a DliJob after errors, and look at every one at least every few minutes.
      c.withRetry(new GenericRetry().setInitialInterval(Duration.ofMillis(500)).setIntervalMultiplier(2)
          .setMaxInterval(Duration.ofMinutes(1).toMillis()).withoutMaxAttempts());
      c.withReconciliationMaxInterval(Duration.ofMinutes(5));
      if (config.watchNamespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.watchNamespaces());
      }
    });
  }

  public DliOperator start() {
    operator.start();
    return this;
  }

  /** Started, and every informer is synced and healthy. */
  public boolean ready() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
    reconciler.close();
  }
}
