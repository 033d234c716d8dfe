package dev.operator.dli.bench;

import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.ConnectionRef;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.controlplane.LocalControlPlane;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorJar;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * bench/connections.sh: the operator's threads and memory against the number of DLI connections.
 * For each count given (default 1, 40, 200): that many connections, 5 DliJobs on each, through the
 * operator jar at its defaults, a real API server and the simulator; the JVM's threads and RSS
 * sampled every half second while the jobs run, and whether every job ended right.
 *
 * <p>Not a test: it reports figures next to their goal (at 40 connections at most one thread more
 * each than with one).
 */
public final class ConnectionsBench {
  private static final int JOBS_PER_CONNECTION = 5;
  private static final Duration LONG = Duration.ofMinutes(20);

  /** What one count of connections measured. */
  private record Run(
      int connections,
      int jobs,
      int threadsIdle,
      int threadsPeak,
      long rssPeakMiB,
      long succeeded,
      long submits,
      double seconds) {}

  private final LocalControlPlane controlPlane;
  private final KubernetesClient client;
  private final DliSimulator simulator;

  private ConnectionsBench(LocalControlPlane controlPlane, DliSimulator simulator) {
    this.controlPlane = controlPlane;
    this.client = controlPlane.client();
    this.simulator = simulator;
  }

  /**
   * The heap the chart gives the operator (a 768 MiB limit, half of it): RSS then says what fits.
   */
  private static final List<String> CHART_HEAP =
      List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=50");

  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String arg : args.length > 0 ? args : new String[] {"1", "40", "200"}) {
      counts.add(Integer.parseInt(arg));
    }
    List<Run> runs = new ArrayList<>();
    try (LocalControlPlane controlPlane = BenchControlPlane.start();
        DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      ConnectionsBench bench = new ConnectionsBench(controlPlane, simulator);
      for (int count : counts) {
        runs.add(bench.run(count));
      }
    }
    boolean allRight = report(runs);
    System.exit(allRight ? 0 : 1);
  }

  /**
   * One connection for the bench, named after its number: a DliConnection and its credentials
   * Secret. Returns what a DliJob names to use it.
   */
  private ConnectionRef createConnection(String ns, int number) {
    String name = "dli-" + number;
    client
        .resource(
            TestSettings.credentialsSecret(simulator, ns, name, simulator.config().secretKey()))
        .create();
    client.resource(TestSettings.dliConnection(simulator, ns, name, name)).create();
    return new ConnectionRef(ConnectionKind.DliConnection, name);
  }

  private Run run(int connections) throws Exception {
    String ns = controlPlane.newNamespace("conn" + connections);
    simulator.journal().clear();
    List<ConnectionRef> refs = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      refs.add(createConnection(ns, i));
    }
    Map<String, Phase> phases = new ConcurrentHashMap<>();
    int jobs = connections * JOBS_PER_CONNECTION;
    try (OperatorJar operator =
        new OperatorJar(
                controlPlane.kubeconfigYaml(),
                "", // no default: every DliJob names its DliConnection
                CHART_HEAP,
                Map.of(),
                Path.of("target/connections-bench-" + connections + "-operator.log"))
            .start()) {
      Wait.until("the operator is ready", Duration.ofMinutes(1), operator::ready);
      int idle = threads(operator.pid());
      SharedIndexInformer<DliJob> watch = DliJobWatch.phases(client, ns, phases);
      long start = System.nanoTime();
      // Long enough that every connection's jobs run at once, with their sweeps, while the
      // samples are taken.
      create(ns, refs, "select 1 /* sim: run 60s */");
      int peak = idle;
      while (phases.values().stream().filter(Phase::isTerminal).count() < jobs) {
        if (System.nanoTime() - start > LONG.toNanos()) {
          throw new IllegalStateException("the jobs did not end in " + LONG);
        }
        peak = Math.max(peak, threads(operator.pid()));
        Thread.sleep(500);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long rssPeak = operator.residentMiB()[1];
      watch.close();
      long succeeded = phases.values().stream().filter(p -> p == Phase.Succeeded).count();
      long submits = DliJobWatch.acceptedSubmits(simulator);
      return new Run(connections, jobs, idle, peak, rssPeak, succeeded, submits, seconds);
    }
  }

  private void create(String ns, List<ConnectionRef> refs, String statement)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int c = 0; c < refs.size(); c++) {
      ConnectionRef ref = refs.get(c);
      for (int j = 0; j < JOBS_PER_CONNECTION; j++) {
        String name = "job-" + c + "-" + j;
        pool.execute(
            () ->
                client
                    .resource(
                        DliJobFixture.sql(statement)
                            .named(ns, name)
                            .with(spec -> spec.setConnectionRef(ref))
                            .build())
                    .create());
      }
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
  }

  /** The JVM's threads now, from /proc. */
  static int threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no Threads line in /proc/" + pid + "/status");
  }

  /** Prints the table; true when every job of every run ended right. */
  private static boolean report(List<Run> runs) {
    System.out.printf(
        "%n== connections: 5 DliJobs per connection, the operator jar at its defaults, the chart's heap%n");
    System.out.printf(
        "%-12s %6s %13s %13s %14s %10s %9s %8s%n",
        "connections",
        "jobs",
        "threads idle",
        "threads peak",
        "RSS peak MiB",
        "succeeded",
        "submits",
        "took s");
    boolean allRight = true;
    for (Run r : runs) {
      System.out.printf(
          "%-12d %6d %13d %13d %14d %10d %9d %8.1f%n",
          r.connections(),
          r.jobs(),
          r.threadsIdle(),
          r.threadsPeak(),
          r.rssPeakMiB(),
          r.succeeded(),
          r.submits(),
          r.seconds());
      allRight &= r.succeeded() == r.jobs() && r.submits() == r.jobs();
    }
    Run one = runs.stream().filter(r -> r.connections() == 1).findFirst().orElse(null);
    if (one != null) {
      for (Run r : runs) {
        if (r.connections() > 1) {
          System.out.printf(
              "threads per extra connection at %d: %.2f (goal <= 1)%n",
              r.connections(),
              (r.threadsPeak() - one.threadsPeak()) / (double) (r.connections() - 1));
        }
      }
    }
    System.out.println(allRight ? "every job Succeeded, one submit each" : "SOME JOBS ENDED WRONG");
    return allRight;
  }
}
