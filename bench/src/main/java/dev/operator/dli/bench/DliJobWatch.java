package dev.operator.dli.bench;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.Journal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the benches read alike: the DliJobs of a namespace as the API server streams them (their
 * phases among them), and the simulator's submits.
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

  /** Keeps each DliJob's latest phase in {@code phases}, by name, as the watch delivers it. */
  static SharedIndexInformer<DliJob> phases(
      KubernetesClient client, String namespace, Map<String, Phase> phases) {
    return watch(
        client,
        namespace,
        job -> {
          if (job.getStatus() != null && job.getStatus().getPhase() != null) {
            phases.put(job.getMetadata().getName(), job.getStatus().getPhase());
          }
        });
  }

  /** How many of these DliJobs are Running. */
  static long running(Map<String, Phase> phases) {
    return phases.values().stream().filter(p -> p == Phase.Running).count();
  }

  /** Whether the simulator's journal entry is a SQL submit. */
  static boolean sqlSubmit(Journal.Entry e) {
    return e.method().equals("POST") && e.path().endsWith("/submit-job");
  }

  /** SQL submits the simulator accepted (200), since its journal was last cleared. */
  static long acceptedSubmits(DliSimulator simulator) {
    return simulator.journal().entries().stream()
        .filter(e -> sqlSubmit(e) && e.status() == 200)
        .count();
  }
}
