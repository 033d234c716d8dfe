package dev.operator.dli.bench;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.runtime.DliOperator;
import dev.operator.dli.runtime.OperatorConfig;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.Journal;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.ControlPlane;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * bench/run.sh: N DliJobs (default 200, each running RUN_SECONDS in the simulator) through one
 * operator with the production poll settings, on a real API server. Reports how long submission and
 * completion took, the DLI calls per job, and the heap of this JVM (operator, simulator and
 * harness). Not a test: it asserts nothing and is not part of make test.
 */
public final class ManyJobsBench {
  private ManyJobsBench() {}

  public static void main(String[] args) throws Exception {
    int jobs = Integer.parseInt(System.getProperty("jobs", "200"));
    int runSeconds = Integer.parseInt(System.getProperty("runSeconds", "20"));
    ControlPlane controlPlane = new ControlPlane();
    controlPlane.beforeAll(null);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peakHeap = new AtomicLong();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
        0,
        100,
        TimeUnit.MILLISECONDS);
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      controlPlane.installCrd();
      KubernetesClient client = controlPlane.admin();
      String ns = controlPlane.newNamespace("bench");
      client.resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials")).create();
      OperatorConfig config =
          OperatorConfig.builder()
              .defaultConnection(ns + "/dli-credentials")
              .instance("bench")
              .build();
      try (DliOperator operator =
          new DliOperator(client, config, new SimpleMeterRegistry(), () -> {}).start()) {
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
          client
              .resource(
                  DliJobFixture.sql("select " + i + " /* sim: run " + runSeconds + "s */")
                      .named(ns, "job-" + i)
                      .build())
              .create();
        }
        long created = System.nanoTime();
        long allSubmitted =
            waitUntil(
                client, ns, jobs, j -> j.getStatus() != null && j.getStatus().getJobId() != null);
        long allDone =
            waitUntil(
                client,
                ns,
                jobs,
                j -> j.getStatus() != null && j.getStatus().getPhase() == Phase.Succeeded);
        Map<String, Long> calls =
            simulator.journal().entries().stream()
                .collect(
                    Collectors.groupingBy(
                        ManyJobsBench::kind, TreeMap::new, Collectors.counting()));
        System.out.printf(
            "%n== %d DliJobs, each running %d s in the simulator, one operator (10 threads)%n",
            jobs, runSeconds);
        System.out.printf("created all resources in       %6.1f s%n", seconds(start, created));
        System.out.printf("all submitted (job ID) after   %6.1f s%n", seconds(start, allSubmitted));
        System.out.printf(
            "all Succeeded after            %6.1f s  (the jobs themselves take %d s)%n",
            seconds(start, allDone), runSeconds);
        calls.forEach(
            (kind, n) ->
                System.out.printf("DLI %-26s %6d  (%.1f per job)%n", kind, n, n / (double) jobs));
        System.out.printf(
            "heap used before / peak        %6.0f / %.0f MiB (this JVM: operator + simulator + harness)%n",
            heapBefore / 1048576.0, peakHeap.get() / 1048576.0);
      }
    } finally {
      sampler.shutdownNow();
      controlPlane.afterAll(null);
    }
  }

  private static String kind(Journal.Entry e) {
    String path = e.path().split("\\?", 2)[0];
    return e.method()
        + " "
        + (path.endsWith("/submit-job")
            ? "submit"
            : path.endsWith("/status") ? "status" : path.endsWith("/jobs") ? "list" : "other");
  }

  /** When every DliJob met the condition (at most 10 minutes from now). */
  private static long waitUntil(
      KubernetesClient client, String ns, int jobs, Predicate<DliJob> condition) {
    Wait.until(
        jobs + " DliJobs",
        Duration.ofMinutes(10),
        () ->
            client.resources(DliJob.class).inNamespace(ns).list().getItems().stream()
                    .filter(condition)
                    .count()
                >= jobs);
    return System.nanoTime();
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
