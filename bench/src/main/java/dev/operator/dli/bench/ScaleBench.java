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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 *   <li>{@code flink [jobs]}: 300 Flink SQL DliJobs submitted: DLI calls per second against the
 *       budget, Flink calls per submit, reads per running job; 100 of them stopped at once; then
 *       the rest end by themselves, and the lag of their status is taken.
 *   <li>{@code burst [jobs]}: 1,000 SQL DliJobs created at once, 700 of them ending 90 s after
 *       their submit (many while later ones still wait for theirs): the submits' pace, and the lag
 *       of those ends' status during the burst and after it.
 *   <li>{@code gateway [jobs]}: 200 SQL DliJobs and a quarter as many Flink SQL ones behind a
 *       gateway that allows 60 calls a minute per user.
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
  private final Map<String, Long> dliEndedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> runningAt = new ConcurrentHashMap<>();
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
        case "flink" -> bench.flink(args.length > 1 ? Integer.parseInt(args[1]) : 300);
        case "burst" -> bench.burst(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
        case "gateway" -> bench.gateway(args.length > 1 ? Integer.parseInt(args[1]) : 200);
        case "memory" -> bench.memory(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
        default -> throw new IllegalArgumentException("runs: scale, flink, burst, gateway, memory");
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
      create(
          jobs,
          "job-",
          i -> DliJobFixture.sql("select " + i + " /* sim: run " + (240 + i % 60) + "s */"));
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
      long running = running();

      // The last-submitted jobs are still running for minutes: cancel them all at once.
      List<String> toCancel = lastSubmitted(cancels);
      Map<String, Long> askedAt = cancelAtOnce(toCancel);
      long cancelStart = Collections.min(askedAt.values());
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

  private void flink(int jobs) throws Exception {
    int stops = jobs / 3;
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults());
        OperatorJar operator = operator(simulator, List.of(), Map.of(), "flink")) {
      SharedIndexInformer<DliJob> watch = watch();
      long start = System.currentTimeMillis();
      // A Flink job's run time counts from its run call. Long enough that every job runs through
      // the submits, the read window and the stops (about 0.4 s a job at the budget, a minute,
      // seconds), then their ends spread over the next minutes.
      long runFor = 120 + jobs * 2L / 5;
      create(
          jobs,
          "flink-",
          i ->
              DliJobFixture.flinkSql(
                  "insert into sink select " + i + " /* sim: run " + (runFor + i % 60) + "s */"));
      Wait.until("every job submitted", LONG, () -> submittedAt.size() >= jobs);
      long allSubmitted = Collections.max(submittedAt.values());
      List<Journal.Entry> submitCalls = inWindow(simulator, start, allSubmitted);
      long creates = countPath(submitCalls, "POST", "/streaming/sql-jobs");
      long runs = countPath(submitCalls, "POST", "/streaming/jobs/run");
      // A lookup of an unconfirmed submit lists by name; the sweep's lists (by status) are reads.
      long lookups =
          submitCalls.stream()
              .filter(e -> e.method().equals("GET") && path(e).endsWith("/streaming/jobs"))
              .filter(e -> e.path().contains("name="))
              .count();
      long lists = countPath(submitCalls, "GET", "/streaming/jobs") - lookups;
      long details = submitCalls.stream().filter(ScaleBench::isFlinkDetail).count();
      Wait.until("every job running", LONG, () -> running() >= jobs);
      long windowStart = System.currentTimeMillis();
      Wait.until(
          "a minute of sweeps",
          Duration.ofMinutes(2),
          () -> System.currentTimeMillis() - windowStart >= 60_000);
      long windowEnd = System.currentTimeMillis();
      long readsInWindow =
          inWindow(simulator, windowStart, windowEnd).stream()
              .filter(e -> e.method().equals("GET"))
              .count();
      long runningInWindow = running();

      List<String> toStop = lastSubmitted(stops);
      Map<String, Long> askedAt = cancelAtOnce(toStop);
      long stopStart = Collections.min(askedAt.values());
      long lastStopAt = Collections.max(toStop.stream().map(cancelFinalAt::get).toList());
      List<Long> stopLatencies =
          toStop.stream().map(n -> cancelFinalAt.get(n) - askedAt.get(n)).sorted().toList();

      Wait.until("every job ended", LONG, () -> endedAt.size() >= jobs);
      List<String> others =
          names(jobs, "flink-").stream().filter(n -> !toStop.contains(n)).toList();
      List<Long> lags = sortedStaleness(others);
      long endedEarly =
          others.stream().filter(n -> dliEndedAt.getOrDefault(n, 0L) < lastStopAt).count();
      long stopCalls = count(simulator, "POST", "/streaming/jobs/stop", 200);
      watch.close();

      double floorStop = stops / BUDGET;
      System.out.printf(
          "%n== flink: %d Flink SQL DliJobs, the operator jar at its defaults (%.0f DLI requests/s)%n",
          jobs, BUDGET);
      row("all submitted (job ID in status)", (allSubmitted - start) / 1e3, jobs * 2 / BUDGET, 1.2);
      System.out.printf(
          "DLI calls while submitted            %7d in %.1f s, %.1f/s on average%n",
          submitCalls.size(),
          (allSubmitted - start) / 1e3,
          submitCalls.size() / ((allSubmitted - start) / 1e3));
      System.out.printf(
          "DLI calls/s, peak over 1 s / 10 s    %7d / %.1f   (budget %.0f/s: never above it)%n",
          peak(submitCalls, 1_000), peak(submitCalls, 10_000) / 10.0, BUDGET);
      System.out.printf(
          "Flink calls per submit               %7.2f   (%d creates, %d runs, %d lookups; goal 2)%n",
          (creates + runs + lookups) / (double) jobs, creates, runs, lookups);
      System.out.printf(
          "status reads while submitted         %7d detail reads, %d list pages%n", details, lists);
      System.out.printf(
          "DLI reads per running job per minute %7.2f   (%d reads in 60 s, %d running; goal <= 0.5)%n",
          readsInWindow / (double) runningInWindow, readsInWindow, runningInWindow);
      row("last of " + stops + " stops final", (lastStopAt - stopStart) / 1e3, floorStop, 1.2);
      System.out.printf(
          "stop -> final outcome, p50 / p99     %7.1f / %.1f s%n",
          percentile(stopLatencies, 50) / 1e3, percentile(stopLatencies, 99) / 1e3);
      System.out.printf("accepted stops per stopped job       %7.3f%n", stopCalls / (double) stops);
      System.out.printf(
          "status staleness p50 / p99           %7.1f / %.1f s   (%d jobs ended by themselves, %d before the last stop was final; goal <= 2 / 5 s)%n",
          percentile(lags, 50) / 1e3, percentile(lags, 99) / 1e3, lags.size(), endedEarly);
      System.out.printf(
          "operator RSS now / peak              %7d / %d MiB%n",
          operator.residentMiB()[0], operator.residentMiB()[1]);
      journalSummary(simulator.journal());
    }
  }

  private void burst(int jobs) throws Exception {
    List<String> ending = names(jobs, "job-").stream().filter(n -> endsInBurst(n)).toList();
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults());
        OperatorJar operator = operator(simulator, List.of(), Map.of(), "burst")) {
      SharedIndexInformer<DliJob> watch = watch();
      long start = System.currentTimeMillis();
      // A SQL job's clock in the simulator starts at its submit: 7 in 10 end 90 s after theirs,
      // the first ones while later ones still wait for their submit; the others end after the
      // burst.
      create(
          jobs,
          "job-",
          i ->
              DliJobFixture.sql(
                  "select "
                      + i
                      + " /* sim: run "
                      + (endsInBurst("job-" + i) ? "90s" : "20m")
                      + " */"));
      Wait.until("every job submitted", LONG, () -> submittedAt.size() >= jobs);
      long allSubmitted = Collections.max(submittedAt.values());
      Wait.until("the 90 s jobs ended", LONG, () -> stalenessMillis.keySet().containsAll(ending));
      List<String> during = ending.stream().filter(n -> dliEndedAt.get(n) < allSubmitted).toList();
      List<String> after = ending.stream().filter(n -> !during.contains(n)).toList();
      List<Long> all = sortedStaleness(ending);
      List<Long> lagsDuring = sortedStaleness(during);
      List<Long> lagsAfter = sortedStaleness(after);
      long submits = count(simulator, "POST", "/submit-job", 200);
      watch.close();

      System.out.printf(
          "%n== burst: %d SQL DliJobs at once, %d ending 90 s after their submit, the operator jar at its defaults (%.0f DLI requests/s)%n",
          jobs, ending.size(), BUDGET);
      row("all submitted (job ID in status)", (allSubmitted - start) / 1e3, jobs / BUDGET, 1.2);
      System.out.printf(
          "  (goal: no slower than the scale run's 110.4 s by more than 5 %%: <= 115.9 s at 1,000)%n");
      System.out.printf(
          "status staleness of the 90 s ends    %7.1f / %.1f s p50 / p99 (%d; goal <= 2 / 5 s)%n",
          percentile(all, 50) / 1e3, percentile(all, 99) / 1e3, all.size());
      System.out.printf(
          "  ended while submits were under way %7.1f / %.1f s (%d)%n",
          percentile(lagsDuring, 50) / 1e3, percentile(lagsDuring, 99) / 1e3, lagsDuring.size());
      System.out.printf(
          "  ended after the last submit        %7.1f / %.1f s (%d)%n",
          percentile(lagsAfter, 50) / 1e3, percentile(lagsAfter, 99) / 1e3, lagsAfter.size());
      System.out.printf(
          "submits per DliJob                   %7.3f   (goal exactly 1)%n",
          submits / (double) jobs);
      System.out.printf(
          "operator RSS now / peak              %7d / %d MiB%n",
          operator.residentMiB()[0], operator.residentMiB()[1]);
      journalSummary(simulator.journal());
    }
  }

  private static boolean endsInBurst(String name) {
    return Integer.parseInt(name.substring("job-".length())) % 10 < 7;
  }

  private void gateway(int jobs) throws Exception {
    int flinkJobs = jobs / 4;
    List<String> stopped = names(flinkJobs, "flink-").stream().filter(n -> odd(n)).toList();
    ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor();
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      simulator.setRateLimit(GatewayRateLimit.parse("60/1m"));
      try (OperatorJar operator = operator(simulator, List.of(), Map.of(), "gateway")) {
        SharedIndexInformer<DliJob> watch = watch();
        long start = System.currentTimeMillis();
        create(
            jobs,
            "job-",
            i ->
                DliJobFixture.sql(
                    "select "
                        + i
                        + " /* sim: "
                        + (i % 10 == 0 ? "fail after 10s" : "run 10s")
                        + " */"));
        // Half the Flink jobs end by themselves after 10 s; the other half run until stopped, 10 s
        // after they show Running: create, run, reads and stops all go through the gateway.
        create(
            flinkJobs,
            "flink-",
            i ->
                DliJobFixture.flinkSql(
                    "insert into sink select " + i + (i % 2 == 0 ? " /* sim: run 10s */" : "")));
        Set<String> asked = ConcurrentHashMap.newKeySet();
        stopper.scheduleWithFixedDelay(
            () ->
                stopped.stream()
                    .filter(n -> runningAt.containsKey(n))
                    .filter(n -> System.currentTimeMillis() - runningAt.get(n) >= 10_000)
                    .filter(asked::add)
                    .forEach(this::cancel),
            500,
            500,
            TimeUnit.MILLISECONDS);
        Wait.until("every job ended", LONG, () -> endedAt.size() >= jobs + flinkJobs);
        long end = System.currentTimeMillis();
        watch.close();
        List<Journal.Entry> calls = simulator.journal().entries();
        long throttled = calls.stream().filter(e -> e.status() == 429).count();
        List<Journal.Entry> flinkCalls = calls.stream().filter(ScaleBench::isFlink).toList();
        long flinkThrottled = flinkCalls.stream().filter(e -> e.status() == 429).count();
        long wrong = 0;
        for (int i = 0; i < jobs; i++) {
          Phase expected = i % 10 == 0 ? Phase.Failed : Phase.Succeeded;
          wrong += phases.get("job-" + i) == expected ? 0 : 1;
        }
        long flinkWrong = 0;
        for (String name : names(flinkJobs, "flink-")) {
          Phase expected = odd(name) ? Phase.Cancelled : Phase.Succeeded;
          flinkWrong += phases.get(name) == expected ? 0 : 1;
        }
        long stalledButFine =
            stalled.entrySet().stream()
                .filter(e -> e.getValue() && phases.get(e.getKey()) != Phase.Failed)
                .count();
        System.out.printf(
            "%n== gateway: %d SQL and %d Flink SQL DliJobs behind a gateway of 60 calls a minute per user, the operator at 10/s%n",
            jobs, flinkJobs);
        System.out.printf("every job ended after                %7.1f s%n", (end - start) / 1e3);
        System.out.printf(
            "DLI calls, answered 429              %7d, %d (%.1f %%; goal <= 10 %%)%n",
            calls.size(), throttled, 100.0 * throttled / calls.size());
        System.out.printf(
            "of them Flink calls, answered 429    %7d, %d (%.1f %%)%n",
            flinkCalls.size(),
            flinkThrottled,
            100.0 * flinkThrottled / Math.max(1, flinkCalls.size()));
        System.out.printf(
            "floor at 60 calls a minute           %7.1f s for the %d calls answered%n",
            (calls.size() - throttled) / 1.0, calls.size() - throttled);
        System.out.printf("SQL jobs that ended in the wrong phase   %d%n", wrong);
        System.out.printf(
            "Flink jobs that ended in the wrong phase %d (%d stopped: Cancelled, the others Succeeded)%n",
            flinkWrong, stopped.size());
        System.out.printf("Stalled without a failed job         %7d%n", stalledButFine);
        System.out.printf(
            "operator RSS peak                    %7d MiB%n", operator.residentMiB()[1]);
        journalSummary(simulator.journal());
      }
    } finally {
      stopper.shutdownNow();
    }
  }

  private static boolean odd(String name) {
    return name.charAt(name.length() - 1) % 2 == 1;
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
      create(
          jobs,
          "job-",
          i ->
              DliJobFixture.sql(
                  "select " + i + " /* sim: run " + (i < running ? "2h" : "1s") + " */"));
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
    if (st.getPhase() == Phase.Running) {
      runningAt.putIfAbsent(name, now);
    }
    if (st.getPhase() != null
        && st.getPhase().isTerminal()
        && endedAt.putIfAbsent(name, now) == null) {
      if (st.getCancellation() == null && st.getCompletionTime() != null) {
        long dliEnd = Instant.parse(st.getCompletionTime()).toEpochMilli();
        dliEndedAt.put(name, dliEnd);
        stalenessMillis.put(name, now - dliEnd);
      }
    }
    if (st.getCancellation() != null
        && st.getCancellation().getOutcome() != null
        && st.getCancellation().getOutcome() != CancelOutcome.Pending) {
      cancelFinalAt.putIfAbsent(name, now);
    }
  }

  /** Creates {@code prefix-0} … {@code prefix-(jobs-1)}, eight at a time. */
  private void create(int jobs, String prefix, IntFunction<DliJobFixture> job)
      throws InterruptedException {
    parallel(
        names(jobs, prefix),
        name ->
            client
                .resource(
                    job.apply(Integer.parseInt(name.substring(prefix.length())))
                        .named(ns, name)
                        .build())
                .create());
  }

  private static List<String> names(int jobs, String prefix) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      all.add(prefix + i);
    }
    return all;
  }

  private void cancel(String name) {
    client
        .resources(DliJob.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            j -> {
              j.getSpec().setCancel(true);
              return j;
            });
  }

  /**
   * Cancels them all at once; when each was asked (the first ask is the burst's start), once every
   * outcome is final.
   */
  private Map<String, Long> cancelAtOnce(List<String> names) throws Exception {
    Map<String, Long> askedAt = new ConcurrentHashMap<>();
    parallel(
        names,
        name -> {
          askedAt.put(name, System.currentTimeMillis());
          cancel(name);
        });
    Wait.until("every cancel final", LONG, () -> cancelFinalAt.keySet().containsAll(names));
    return askedAt;
  }

  /** The names submitted last, latest first. */
  private List<String> lastSubmitted(int count) {
    return submittedAt.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(count)
        .map(Map.Entry::getKey)
        .toList();
  }

  private long running() {
    return phases.values().stream().filter(p -> p == Phase.Running).count();
  }

  private List<Long> sortedStaleness(Collection<String> names) {
    return names.stream().map(stalenessMillis::get).filter(Objects::nonNull).sorted().toList();
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

  private static List<Journal.Entry> inWindow(DliSimulator simulator, long from, long to) {
    return simulator.journal().entries().stream().filter(e -> within(e, from, to + 1)).toList();
  }

  /** The most calls in any window of that many milliseconds. */
  static long peak(List<Journal.Entry> calls, long windowMillis) {
    List<Long> times = calls.stream().map(e -> e.time().toEpochMilli()).sorted().toList();
    long most = 0;
    int first = 0;
    for (int last = 0; last < times.size(); last++) {
      while (times.get(last) - times.get(first) >= windowMillis) {
        first++;
      }
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  private static long countPath(List<Journal.Entry> calls, String method, String pathEnd) {
    return calls.stream()
        .filter(e -> e.method().equals(method) && path(e).endsWith(pathEnd))
        .count();
  }

  private static String path(Journal.Entry e) {
    return e.path().split("\\?", 2)[0];
  }

  private static boolean isFlink(Journal.Entry e) {
    return path(e).contains("/streaming/");
  }

  private static boolean isFlinkDetail(Journal.Entry e) {
    return e.method().equals("GET") && path(e).matches(".*/streaming/jobs/[^/]+");
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
      kinds.merge(e.method() + " " + kind(e) + " " + e.status(), 1L, Long::sum);
    }
    System.out.println("DLI calls: " + kinds);
  }

  private static String kind(Journal.Entry e) {
    String path = path(e);
    if (isFlink(e)) {
      return path.endsWith("/sql-jobs") || path.endsWith("/flink-jobs")
          ? "flink create"
          : path.endsWith("/jobs/run")
              ? "flink run"
              : path.endsWith("/jobs/stop")
                  ? "flink stop"
                  : path.endsWith("/jobs") ? "flink list" : "flink job";
    }
    return path.endsWith("/submit-job")
        ? "submit"
        : path.endsWith("/status") ? "status" : path.endsWith("/jobs") ? "list" : "cancel/other";
  }
}
