package dev.operator.dli.bench;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.controlplane.LocalControlPlane;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorJar;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * bench/namespaces.sh: the operator's memory must not grow with the namespaces of other teams. The
 * operator jar at the chart's heap runs DliJobs in one namespace on a ClusterDliConnection that
 * selects it by label (so that the operator needs namespace labels); then unrelated namespaces
 * (2,000 by default, each with the labels and annotations that tools put on namespaces) appear. The
 * Namespace objects the operator holds and its live heap (class histogram, after a full GC) are
 * read before, and after a settling minute. Goal: the operator holds no more namespaces than its
 * DliJobs live in.
 */
public final class NamespacesBench {
  private static final int JOBS = 20;
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final List<String> CHART_HEAP =
      List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=50");
  private static final String NAMESPACE_CLASS = "io.fabric8.kubernetes.api.model.Namespace";

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    boolean right;
    try (LocalControlPlane controlPlane = BenchControlPlane.start();
        DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      right = run(controlPlane, simulator, count);
    }
    System.exit(right ? 0 : 1);
  }

  private static boolean run(LocalControlPlane controlPlane, DliSimulator simulator, int count)
      throws Exception {
    KubernetesClient client = controlPlane.client();
    String ns = controlPlane.newNamespace("jobs");
    client.namespaces().withName(ns).edit(n -> label(n, "team", "bench"));
    client.resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials")).create();
    client
        .resource(
            TestSettings.clusterConnection(
                simulator, "dli", ns, "dli-credentials", Map.of("team", "bench")))
        .create();
    Map<String, Phase> phases = new ConcurrentHashMap<>();
    try (OperatorJar operator =
        new OperatorJar(
                controlPlane.kubeconfigYaml(),
                "dli",
                CHART_HEAP,
                Map.of(),
                Path.of("target/namespaces-bench-operator.log"))
            .start()) {
      Wait.until("the operator is ready", Duration.ofMinutes(1), operator::ready);
      SharedIndexInformer<DliJob> watch = DliJobWatch.phases(client, ns, phases);
      for (int i = 0; i < JOBS; i++) {
        client
            .resource(
                DliJobFixture.sql("select 1 /* sim: run 10m */").named(ns, "job-" + i).build())
            .create();
      }
      Wait.until("the jobs run", Duration.ofMinutes(2), () -> DliJobWatch.running(phases) == JOBS);
      Thread.sleep(SETTLE.toMillis());
      Histogram before = Histogram.of(operator.pid());

      createNamespaces(client, count);
      Thread.sleep(SETTLE.toMillis()); // a bench, not a test: what a watcher would hold by now
      Histogram after = Histogram.of(operator.pid());
      boolean jobsRight =
          DliJobWatch.running(phases) == JOBS && DliJobWatch.acceptedSubmits(simulator) == JOBS;
      watch.close();
      System.out.printf(
          "%n== namespaces: %d unrelated namespaces beside %d running DliJobs in one namespace on a"
              + " ClusterDliConnection that selects it by label, the chart's heap%n",
          count, JOBS);
      System.out.printf(
          "Namespace objects the operator holds %d -> %d (goal: no more than before)%n",
          before.namespaces(), after.namespaces());
      System.out.printf(
          "live heap %.1f -> %.1f MiB (%+.1f MiB)%n",
          before.liveBytes() / 1048576.0,
          after.liveBytes() / 1048576.0,
          (after.liveBytes() - before.liveBytes()) / 1048576.0);
      System.out.println(jobsRight ? "every job Running, one submit each" : "JOBS WRONG");
      return jobsRight && after.namespaces() <= before.namespaces();
    }
  }

  /** As a shared cluster's namespaces look: a few labels, and annotations of the tools on them. */
  private static void createNamespaces(KubernetesClient client, int count)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    String description = "x".repeat(512);
    for (int i = 0; i < count; i++) {
      String name = "tenant-" + i;
      pool.execute(
          () ->
              client
                  .resource(
                      new NamespaceBuilder()
                          .withNewMetadata()
                          .withName(name)
                          .addToLabels("team", name)
                          .addToLabels("env", "prod")
                          .addToLabels("cost-center", "cc-" + name.hashCode())
                          .addToAnnotations("example.com/description", description)
                          .addToAnnotations("example.com/owner", name + "@example.com")
                          .endMetadata()
                          .build())
                  .create());
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }

  private static Namespace label(Namespace n, String key, String value) {
    Map<String, String> labels = new HashMap<>(n.getMetadata().getLabels());
    labels.put(key, value);
    n.getMetadata().setLabels(labels);
    return n;
  }

  /** What jcmd's class histogram (which runs a full GC first) says of the operator's heap. */
  private record Histogram(long namespaces, long liveBytes) {
    static Histogram of(long pid) throws IOException, InterruptedException {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor();
      long namespaces = 0;
      long total = 0;
      for (String line : out.split("\n")) {
        String[] cols = line.trim().split("\\s+");
        if (cols.length >= 4 && cols[3].equals(NAMESPACE_CLASS)) {
          namespaces = Long.parseLong(cols[1]);
        } else if (cols.length >= 3 && cols[0].equals("Total")) {
          total = Long.parseLong(cols[2]);
        }
      }
      return new Histogram(namespaces, total);
    }
  }
}
