package dev.operator.dli.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dli-operator.jar}: finds the cluster as every Kubernetes client does
 * (KUBECONFIG, ~/.kube/config, or in-cluster), reads {@link OperatorConfig} from the environment,
 * serves health and metrics endpoints, and stops cleanly on SIGTERM.
 */
public final class OperatorMain {
  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("dli-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(ClientConfig.fromEnvironment()).build();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    DliOperator operator = new DliOperator(client, config, metrics, () -> {});
    HealthServer health = new HealthServer(config.httpPort(), operator::ready, metrics);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping");
                  operator.close();
                  health.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    operator.start();
    log.info(
        "dli-operator {} started: namespaces {}, default connection {}, health on :{}",
        BuildInfo.version(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.defaultConnection(),
        health.port());
    stopped.await();
  }
}
