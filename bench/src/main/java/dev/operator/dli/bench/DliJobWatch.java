package dev.operator.dli.bench;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.simulator.DliSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Consumer;

/**
 * What the benches read alike: the DliJobs of a namespace as the API server streams them, and the
 * simulator's count of accepted submits.
 */
final class DliJobWatch {
  private DliJobWatch() {}

  /**
   * Hands each added or changed DliJob of the namespace to {@code seen}, as the watch delivers it.
   */
  static SharedIndexInformer<DliJob> watch(
      KubernetesClient client, String namespace, Consumer<DliJob> seen) {
    return client
        .resources(DliJob.class)
        .inNamespace(namespace)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(DliJob job) {
                seen.accept(job);
              }

              @Override
              public void onUpdate(DliJob old, DliJob job) {
                seen.accept(job);
              }

              @Override
              public void onDelete(DliJob job, boolean unknown) {}
            });
  }

  /** SQL submits the simulator accepted (200), since its journal was last cleared. */
  static long acceptedSubmits(DliSimulator simulator) {
    return simulator.journal().entries().stream()
        .filter(
            e -> e.method().equals("POST") && e.path().endsWith("/submit-job") && e.status() == 200)
        .count();
  }
}
