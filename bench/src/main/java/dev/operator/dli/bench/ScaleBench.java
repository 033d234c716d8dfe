package dev.operator.dli.bench;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.controlplane.LocalControlPlane;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.GatewayRateLimit;
import dev.operator.dli.simulator.Journal;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorJar;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * bench/scale.sh: the operator jar at its default settings against the simulator and a real API
 * server, measured at the API server's watch stream. Three runs, one per argument:
 *
 * <ul>
 *   <li>{@code scale [jobs]}: 1,000 DliJobs submitted; the reads a running job costs; 300 of them
 *       cancelled at once; then the rest end by themselves, and the lag of their status is taken.
 *   <li>{@code gateway [jobs]}: 200 DliJobs behind a gateway that allows 60 calls a minute per
 *       user.
 *   <li>{@code memory [jobs]}: 10,000 DliJobs (1,000 running) with the JVM as under the chart's
 *       memory limit; peak RSS, and how long a restart takes to be ready.
 * </ul>
 *
 * Not a test: it reports figures next to their floor.
 */
public final class ScaleBench {
  private static final double BUDGET = 10; // DLI_REQUESTS_PER_SECOND's default
  private static final Duration LONG = Duration.ofMinutes(20);

  private final LocalControlPlane controlPlane;
  private final KubernetesClient client;
  private final String ns;
  private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> endedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> cancelFinalAt = new ConcurrentHashMap<>();
  private final Map<String, Long> stalenessMillis = new ConcurrentHashMap<>();
  private final Map<String, Phase> phases = new ConcurrentHashMap<>();
  private final Map<String, Boolean> stalled = new ConcurrentHashMap<>();

  private ScaleBench(LocalControlPlane controlPlane) {
    this.controlPlane = controlPlane;
    this.client = controlPlane.client();
    this.ns = controlPlane.newNamespace("bench");
  }

  public static void main(String[] args) throws Exception {
    String run = args.length > 0 ? args[0] : "scale";
    try (LocalControlPlane controlPlane = BenchControlPlane.start()) {
      ScaleBench bench = new ScaleBench(controlPlane);
      switch (run) {
        case "scale" -> bench.scale(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
        case "gateway" -> bench.gateway(args.length > 1 ? Integer.parseInt(args[1]) : 200);
        case "memory" -> bench.memory(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
        default -> throw new IllegalArgumentException("runs: scale, gateway, memory");
      }
    }
    System.exit(0);
  }

  // ------------------------------------------------------------------------------------------ runs

  private void scale(int jobs) throws Exception {
    int cancels = jobs * 3 / 10;
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults());
        OperatorJar operator = operator(simulator, List.of(), Map.of(), "scale")) {
      SharedIndexInformer<DliJob> watch = watch();
      long start = System.currentTimeMillis();
      // Every job runs at least 4 minutes, so that all are running at once; their ends spread over
      // a minute after that.
      create(jobs, i -> "select " + i + " /* sim: run " + (240 + i % 60) + "s */");
      long created = System.currentTimeMillis();
      Wait.until("every job submitted", LONG, () -> submittedAt.size() >= jobs);
      long allSubmitted = Collections.max(submittedAt.values());
      long windowStart = System.currentTimeMillis();
      Wait.until(
          "a minute of sweeps",
          Duration.ofMinutes(2),
          () -> System.currentTimeMillis() - windowStart >= 60_000);
      long windowEnd = System.currentTimeMillis();
      long readsInWindow =
          simulator.journal().entries().stream()
              .filter(e -> e.method().equals("GET"))
              .filter(e -> within(e, windowStart, windowEnd))
              .count();
      int running = (int) phases.values().stream().filter(p -> p == Phase.Running).count();

      // The last-submitted jobs are still running for minutes: cancel them all at once.
      List<String> toCancel =
          submittedAt.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(cancels)
              .map(Map.Entry::getKey)
              .toList();
      Map<String, Long> askedAt = new ConcurrentHashMap<>();
      parallel(
          toCancel,
          name -> {
            askedAt.put(name, System.currentTimeMillis());
            client
                .resources(DliJob.class)
                .inNamespace(ns)
                .withName(name)
                .edit(
                    j -> {
                      j.getSpec().setCancel(true);
                      return j;
                    });
          });
      long cancelStart = Collections.min(askedAt.values());
      Wait.until("every cancel final", LONG, () -> cancelFinalAt.keySet().containsAll(toCancel));
      List<Long> cancelLatencies =
          toCancel.stream().map(n -> cancelFinalAt.get(n) - askedAt.get(n)).sorted().toList();
      long lastCancel =
          Collections.max(toCancel.stream().map(cancelFinalAt::get).toList()) - cancelStart;

      Wait.until("every job ended", LONG, () -> endedAt.size() >= jobs);
      List<Long> lags = stalenessMillis.values().stream().sorted().toList();
      long submits = count(simulator, "POST", "/submit-job", 200);
      long deletes = count(simulator, "DELETE", "/jobs/", 200);
      watch.close();

      double floorSubmit = jobs / BUDGET;
      double floorCancel = cancels / BUDGET;
      System.out.printf(
          "%n== scale: %d DliJobs, the operator jar at its defaults (%.0f DLI requests/s)%n",
          jobs, BUDGET);
      System.out.printf("resources created in                 %7.1f s%n", (created - start) / 1e3);
      row("all submitted (job ID in status)", (allSubmitted - start) / 1e3, floorSubmit, 1.2);
      System.out.printf(
          "DLI reads per running job per minute %7.2f   (%d reads in 60 s, %d running; goal <= 0.5)%n",
          readsInWindow / (double) running, readsInWindow, running);
      row("last of " + cancels + " cancels final", lastCancel / 1e3, floorCancel, 1.2);
      row("cancel -> final outcome, p50", percentile(cancelLatencies, 50) / 1e3, floorCancel, 0.72);
      System.out.printf(
          "cancel -> final outcome, p99          %7.1f s%n", percentile(cancelLatencies, 99) / 1e3);
      System.out.printf(
          "status staleness p50 / p99           %7.1f / %.1f s   (%d jobs ended by themselves; goal <= 2 / 5 s)%n",
          percentile(lags, 50) / 1e3, percentile(lags, 99) / 1e3, lags.size());
      System.out.printf(
          "submits per DliJob                   %7.3f   (goal exactly 1)%n",
          submits / (double) jobs);
      System.out.printf(
          "accepted DELETEs per cancel          %7.3f   (goal <= 1)%n", deletes / (double) cancels);
      System.out.printf(
          "operator RSS now / peak              %7d / %d MiB%n",
          operator.residentMiB()[0], operator.residentMiB()[1]);
      journalSummary(simulator.journal());
    }
  }

  private void gateway(int jobs) throws Exception {
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      simulator.setRateLimit(GatewayRateLimit.parse("60/1m"));
      try (OperatorJar operator = operator(simulator, List.of(), Map.of(), "gateway")) {
        SharedIndexInformer<DliJob> watch = watch();
        long start = System.currentTimeMillis();
        create(
            jobs,
            i ->
                "select " + i + " /* sim: " + (i % 10 == 0 ? "fail after 10s" : "run 10s") + " */");
        Wait.until("every job ended", LONG, () -> endedAt.size() >= jobs);
        long end = System.currentTimeMillis();
        watch.close();
        List<Journal.Entry> calls = simulator.journal().entries();
        long throttled = calls.stream().filter(e -> e.status() == 429).count();
        long wrong = 0;
        for (int i = 0; i < jobs; i++) {
          Phase expected = i % 10 == 0 ? Phase.Failed : Phase.Succeeded;
          wrong += phases.get("job-" + i) == expected ? 0 : 1;
        }
        long stalledButFine =
            stalled.entrySet().stream()
                .filter(e -> e.getValue() && phases.get(e.getKey()) != Phase.Failed)
                .count();
        System.out.printf(
            "%n== gateway: %d DliJobs behind a gateway of 60 calls a minute per user, the operator at 10/s%n",
            jobs);
        System.out.printf("every job ended after                %7.1f s%n", (end - start) / 1e3);
        System.out.printf(
            "DLI calls, answered 429              %7d, %d (%.1f %%; goal <= 10 %%)%n",
            calls.size(), throttled, 100.0 * throttled / calls.size());
        System.out.printf(
            "floor at 60 calls a minute           %7.1f s for the %d calls answered%n",
            (calls.size() - throttled) / 1.0, calls.size() - throttled);
        System.out.printf("jobs that ended in the wrong phase   %7d%n", wrong);
        System.out.printf("Stalled without a failed job         %7d%n", stalledButFine);
        System.out.printf(
            "operator RSS peak                    %7d MiB%n", operator.residentMiB()[1]);
        journalSummary(simulator.journal());
      }
    }
  }

  private void memory(int jobs) throws Exception {
    int running = jobs / 10;
    List<String> heap = List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=50"); // the chart's
    // A bigger budget only so that 10,000 jobs are submitted in minutes; memory is what is
    // measured.
    Map<String, String> env = Map.of("DLI_REQUESTS_PER_SECOND", "200");
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults());
        OperatorJar operator = operator(simulator, heap, env, "memory")) {
      SharedIndexInformer<DliJob> watch = watch();
      long start = System.currentTimeMillis();
      create(jobs, i -> "select " + i + " /* sim: run " + (i < running ? "2h" : "1s") + " */");
      Wait.until(
          (jobs - running) + " ended and " + running + " running",
          LONG,
          () ->
              endedAt.size() >= jobs - running
                  && phases.values().stream().filter(p -> p == Phase.Running).count() >= running);
      long settled = System.currentTimeMillis();
      long[] resident = operator.residentMiB();
      operator.close();
      long restart = System.nanoTime();
      operator.start();
      Wait.until("ready after the restart", Duration.ofMinutes(2), operator::ready);
      double readyAfter = (System.nanoTime() - restart) / 1e9;
      Wait.until(
          "a minute with 10,000 DliJobs",
          Duration.ofMinutes(2),
          () -> System.nanoTime() - restart > 60e9);
      long[] afterRestart = operator.residentMiB();
      watch.close();
      System.out.printf(
          "%n== memory: %d DliJobs (%d running), the operator JVM as under the chart's 768 MiB limit%n",
          jobs, running);
      System.out.printf("created, submitted and settled in    %7.1f s%n", (settled - start) / 1e3);
      System.out.printf(
          "operator RSS now / peak              %7d / %d MiB (limit 768 MiB)%n",
          resident[0], resident[1]);
      System.out.printf(
          "restart -> ready                     %7.1f s   (goal <= 5 s)%n", readyAfter);
      System.out.printf(
          "RSS a minute after the restart       %7d / %d MiB%n", afterRestart[0], afterRestart[1]);
      System.out.printf("operator alive (no OOM)              %7s%n", operator.ready());
    }
  }

  // ----------------------------------------------------------------------------------------- parts

  private OperatorJar operator(
      DliSimulator simulator, List<String> jvm, Map<String, String> env, String run)
      throws Exception {
    client.resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials")).create();
    OperatorJar operator =
        new OperatorJar(
                controlPlane.kubeconfigYaml(),
                ns + "/dli-credentials",
                jvm,
                env,
                Path.of("target/scale-bench-" + run + "-operator.log"))
            .start();
    Wait.until("the operator is ready", Duration.ofMinutes(1), operator::ready);
    return operator;
  }

  /**
   * Records, from the API server's watch stream, when each DliJob got its job ID, ended, and so on.
   */
  private SharedIndexInformer<DliJob> watch() {
    return DliJobWatch.watch(client, ns, this::seen);
  }

  private void seen(DliJob job) {
    long now = System.currentTimeMillis();
    String name = job.getMetadata().getName();
    var st = job.getStatus();
    if (st == null) {
      return;
    }
    if (st.getPhase() != null) {
      phases.put(name, st.getPhase());
    }
    stalled.put(
        name,
        st.getConditions() != null
            && st.getConditions().stream()
                .anyMatch(c -> c.getType().equals("Stalled") && c.getStatus().equals("True")));
    if (st.getJobId() != null) {
      submittedAt.putIfAbsent(name, now);
    }
    if (st.getPhase() != null
        && st.getPhase().isTerminal()
        && endedAt.putIfAbsent(name, now) == null) {
      if (st.getCancellation() == null && st.getCompletionTime() != null) {
        stalenessMillis.put(name, now - Instant.parse(st.getCompletionTime()).toEpochMilli());
      }
    }
    if (st.getCancellation() != null
        && st.getCancellation().getOutcome() != null
        && st.getCancellation().getOutcome() != CancelOutcome.Pending) {
      cancelFinalAt.putIfAbsent(name, now);
    }
  }

  private void create(int jobs, IntFunction<String> statement) throws InterruptedException {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      all.add(i);
    }
    parallel(
        all,
        i ->
            client
                .resource(DliJobFixture.sql(statement.apply(i)).named(ns, "job-" + i).build())
                .create());
  }

  private static <T> void parallel(Collection<T> items, Consumer<T> action)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    items.forEach(item -> pool.execute(() -> action.accept(item)));
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
  }

  private static boolean within(Journal.Entry e, long from, long to) {
    long at = e.time().toEpochMilli();
    return at >= from && at < to;
  }

  private static long count(DliSimulator simulator, String method, String pathPart, int status) {
    return simulator.journal().entries().stream()
        .filter(
            e -> e.method().equals(method) && e.path().contains(pathPart) && e.status() == status)
        .count();
  }

  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void row(String what, double seconds, double floor, double goalRatio) {
    System.out.printf(
        "%-36s %7.1f s   floor %.1f s, ratio %.2f (goal <= %.2f)%n",
        what, seconds, floor, seconds / floor, goalRatio);
  }

  private static void journalSummary(Journal journal) {
    Map<String, Long> kinds = new TreeMap<>();
    for (Journal.Entry e : journal.entries()) {
      String path = e.path().split("\\?", 2)[0];
      String kind =
          e.method()
              + (path.endsWith("/submit-job")
                  ? " submit"
                  : path.endsWith("/status")
                      ? " status"
                      : path.endsWith("/jobs") ? " list" : " cancel/other")
              + " "
              + e.status();
      kinds.merge(kind, 1L, Long::sum);
    }
    System.out.println("DLI calls: " + kinds);
  }
}
