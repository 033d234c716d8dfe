package dev.operator.dli.bench;

import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliCronJobSpec;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobTemplate;
import dev.operator.dli.controlplane.LocalControlPlane;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.Journal;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorJar;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * bench/cron.sh: N DliCronJobs (default 500) that all fire in the same minute, through the operator
 * jar at its defaults (10 DLI requests/s), a real API server and the simulator. Reports when each
 * run was created after its slot (goal: p99 within 5 s), when the last run got its DLI job (goal:
 * within 1.2 × N / budget of the slot) and how many DLI jobs each run caused (goal: exactly 1).
 *
 * <p>Not a test: it reports figures next to their goal and floor; it exits 1 only when a run is
 * missing, doubled or has other than one DLI job.
 */
public final class CronBench {
  private static final double BUDGET = 10; // DLI_REQUESTS_PER_SECOND's default
  private static final Duration SETTLE = Duration.ofMinutes(10);

  public static void main(String[] args) throws Exception {
    int cronJobs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    boolean right;
    // System.exit only once the control plane is closed: exiting inside would leave its processes.
    try (LocalControlPlane controlPlane = BenchControlPlane.start();
        DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      right = run(controlPlane, simulator, cronJobs);
    }
    System.exit(right ? 0 : 1);
  }

  private static boolean run(LocalControlPlane controlPlane, DliSimulator simulator, int cronJobs)
      throws Exception {
    KubernetesClient client = controlPlane.client();
    String ns = controlPlane.newNamespace("cron");
    client.resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials")).create();
    Map<String, Long> createdAt = new ConcurrentHashMap<>(); // run → when the watch saw it
    Map<String, Long> submittedAt = new ConcurrentHashMap<>(); // run → when its job ID showed
    Map<String, String> uids = new ConcurrentHashMap<>();
    try (OperatorJar operator =
        new OperatorJar(
                controlPlane.kubeconfigYaml(),
                ns + "/dli-credentials",
                List.of(),
                Map.of(),
                Path.of("target/cron-bench-operator.log"))
            .start()) {
      Wait.until("the operator is ready", Duration.ofMinutes(1), operator::ready);
      SharedIndexInformer<DliJob> watch =
          DliJobWatch.watch(
              client,
              ns,
              job -> {
                long now = System.currentTimeMillis();
                String name = job.getMetadata().getName();
                createdAt.putIfAbsent(name, now);
                uids.putIfAbsent(name, job.getMetadata().getUid());
                if (job.getStatus() != null && job.getStatus().getJobId() != null) {
                  submittedAt.putIfAbsent(name, now);
                }
              });
      // A slot far enough ahead that every DliCronJob exists (and has been looked at) before it.
      ZonedDateTime slot =
          ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(75).truncatedTo(ChronoUnit.MINUTES);
      String schedule = slot.getMinute() + " " + slot.getHour() + " * * *";
      create(client, ns, cronJobs, schedule);
      System.out.printf("%d DliCronJobs created, all firing at %s%n", cronJobs, slot);
      long slotMillis = slot.toInstant().toEpochMilli();
      Wait.until(
          "every run has its DLI job",
          Duration.between(Instant.now(), slot.toInstant()).plus(SETTLE),
          () -> submittedAt.size() >= cronJobs);
      Thread.sleep(5_000); // a run created twice, or late, would show by now
      watch.close();
      return report(cronJobs, slotMillis, createdAt, submittedAt, uids, simulator);
    }
  }

  private static void create(KubernetesClient client, String ns, int count, String schedule)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < count; i++) {
      String name = "report-" + i;
      pool.execute(() -> client.resource(cronJob(ns, name, schedule)).create());
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
  }

  private static DliCronJob cronJob(String ns, String name, String schedule) {
    DliCronJobSpec spec = new DliCronJobSpec();
    spec.setSchedule(schedule);
    DliJobTemplate template = new DliJobTemplate();
    template.setSpec(
        DliJobFixture.sql("select '${scheduledTime}' /* sim: run 5s */").build().getSpec());
    spec.setJobTemplate(template);
    DliCronJob cronJob = new DliCronJob();
    cronJob.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    cronJob.setSpec(spec);
    return cronJob;
  }

  /**
   * When the submits reached DLI and what else it was asked meanwhile: where the submits' time went
   * (a late first submit, or permits that went to reads).
   */
  private static void printDliSide(DliSimulator simulator, long slotMillis) {
    List<Journal.Entry> entries = simulator.journal().entries();
    List<Long> submits =
        entries.stream()
            .filter(DliJobWatch::sqlSubmit)
            .map(e -> e.time().toEpochMilli())
            .sorted()
            .toList();
    if (submits.isEmpty()) {
      return;
    }
    long first = submits.get(0);
    long last = submits.get(submits.size() - 1);
    long others =
        entries.stream()
            .filter(e -> !DliJobWatch.sqlSubmit(e))
            .map(e -> e.time().toEpochMilli())
            .filter(t -> t >= first && t <= last)
            .count();
    System.out.printf(
        "submits at DLI, first / last        %5.1f / %.1f s after the slot; %d other requests"
            + " between them (%.1f requests/s in all)%n",
        (first - slotMillis) / 1e3,
        (last - slotMillis) / 1e3,
        others,
        (submits.size() + others) / Math.max(0.001, (last - first) / 1e3));
  }

  private static boolean report(
      int cronJobs,
      long slotMillis,
      Map<String, Long> createdAt,
      Map<String, Long> submittedAt,
      Map<String, String> uids,
      DliSimulator simulator) {
    List<Long> createDelays = new ArrayList<>();
    createdAt.values().forEach(t -> createDelays.add(t - slotMillis));
    createDelays.sort(Long::compare);
    long lastSubmit = submittedAt.values().stream().mapToLong(t -> t - slotMillis).max().orElse(0);
    int notOne = 0;
    for (String uid : uids.values()) {
      if (simulator.sqlJobsTagged("dli-operator-uid", uid).size() != 1) {
        notOne++;
      }
    }
    double floor = cronJobs / BUDGET;
    System.out.printf(
        "%n== cron: %d DliCronJobs firing in one minute, the operator jar at its defaults (%.0f DLI"
            + " requests/s)%n",
        cronJobs, BUDGET);
    System.out.printf(
        "runs created                       %6d  (goal %d)%n", createdAt.size(), cronJobs);
    System.out.printf(
        "slot -> run created, p50 / p99 / max %5.1f / %.1f / %.1f s  (goal p99 <= 5 s)%n",
        ScaleBench.percentile(createDelays, 50) / 1e3,
        ScaleBench.percentile(createDelays, 99) / 1e3,
        createDelays.isEmpty() ? 0 : createDelays.get(createDelays.size() - 1) / 1e3);
    System.out.printf(
        "slot -> last run submitted          %6.1f s  (floor %.0f s, goal <= %.0f s; %.2f x floor)%n",
        lastSubmit / 1e3, floor, 1.2 * floor, lastSubmit / 1e3 / floor);
    printDliSide(simulator, slotMillis);
    System.out.printf(
        "DLI submits accepted               %6d, runs with other than one DLI job %d%n",
        DliJobWatch.acceptedSubmits(simulator), notOne);
    return createdAt.size() == cronJobs && notOne == 0;
  }
}
