package dev.operator.dli.runtime;

import dev.operator.dli.reconciler.DliJobReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

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
