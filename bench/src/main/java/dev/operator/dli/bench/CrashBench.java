package dev.operator.dli.bench;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.controlplane.LocalControlPlane;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorJar;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * bench/crash.sh: N DliJobs (default 200) through the operator jar, which is SIGKILLed K times
 * (default 6) while DLI's list lags (5 s) and its submit answers late (1.5 s). A fifth of the jobs
 * each succeed, fail, are cancelled or deleted at random moments, and are deleted right after their
 * creation; a sixth have {@code backoffLimit: 2} and fail their first 0 to 3 attempts. Then it
 * checks, from the simulator's side, that no resource caused two DLI jobs (a retrying one: two for
 * one attempt, or an attempt skipped or beyond its limit), that none cancelled or deleted left its
 * DLI job running, that no finalizer is stuck, and, from the API server's watch, that no deleted
 * resource came back. Not a test: it reports, and exits 1 when a rule was broken.
 */
public final class CrashBench {
  private static final Set<String> RUNNING = Set.of("LAUNCHING", "RUNNING", "SCALING");

  private enum Fate {
    SUCCEED,
    FAIL,
    CANCEL,
    DELETE,
    /** Deleted a few milliseconds after its creation, before the operator's finalizer is on it. */
    DELETE_AT_ONCE,
    /** backoffLimit 2; its first 0, 1, 2 or 3 submits end FAILED (3: the limit is spent). */
    RETRY
  }

  private static final int BACKOFF_LIMIT = 2;

  private CrashBench() {}

  public static void main(String[] args) throws Exception {
    int jobs = Integer.parseInt(System.getProperty("jobs", "200"));
    int kills = Integer.parseInt(System.getProperty("kills", "6"));
    Random random = new Random(42);
    Path log = Path.of("target/crash-bench-operator.log");
    boolean broken;
    try (LocalControlPlane controlPlane = BenchControlPlane.start();
        DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      simulator.faults().add(FaultRule.of(FaultRule.Type.listLag).withLatency(5000));
      simulator.faults().add(FaultRule.of(FaultRule.Type.submitDelay).withLatency(1500));
      KubernetesClient client = controlPlane.client();
      String ns = controlPlane.newNamespace("crash");
      client.resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials")).create();
      Set<String> deleted = ConcurrentHashMap.newKeySet();
      Set<String> recreated = ConcurrentHashMap.newKeySet();
      Watch watch =
          client
              .resources(DliJob.class)
              .inNamespace(ns)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, DliJob job) {
                      String name = job.getMetadata().getName();
                      if (action == Action.DELETED) {
                        deleted.add(name);
                      } else if (action == Action.ADDED && deleted.contains(name)) {
                        recreated.add(name);
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                      if (cause != null) {
                        System.out.println("the watch closed, re-creations uncounted: " + cause);
                      }
                    }
                  });
      OperatorJar operator =
          new OperatorJar(
                  controlPlane.kubeconfigYaml(), ns + "/dli-credentials", List.of(), Map.of(), log)
              .start();
      long start = System.nanoTime();
      Map<String, Fate> fates = new HashMap<>();
      Map<String, String> uids = new HashMap<>();
      Map<String, Integer> failures = new HashMap<>();
      for (int i = 0; i < jobs; i++) {
        Fate fate = Fate.values()[i % Fate.values().length];
        String name = "job-" + i;
        String directive =
            switch (fate) {
              case SUCCEED -> "run 20s";
              case FAIL -> "fail after 10s";
              case RETRY -> "run 5s";
              default -> "run 10m";
            };
        String statement = "select " + i + " /* sim: " + directive + " */";
        if (fate == Fate.RETRY) {
          int failing = (i / Fate.values().length) % (BACKOFF_LIMIT + 2);
          failures.put(name, failing);
          statement += " /* retry " + i + " */";
          if (failing > 0) {
            simulator
                .faults()
                .add(
                    FaultRule.of(FaultRule.Type.failRun)
                        .forBodiesWith("/* retry " + i + " */")
                        .times(failing));
          }
        }
        uids.put(
            name,
            client
                .resource(
                    DliJobFixture.sql(statement)
                        .with(
                            spec -> spec.setBackoffLimit(fate == Fate.RETRY ? BACKOFF_LIMIT : null))
                        .named(ns, name)
                        .build())
                .create()
                .getMetadata()
                .getUid());
        fates.put(name, fate);
        if (fate == Fate.DELETE_AT_ONCE) {
          client.resources(DliJob.class).inNamespace(ns).withName(name).delete();
        }
      }
      // Cancels and deletions at random moments of the first minute, kills spread over the same
      // minute.
      List<Runnable> timeline = new ArrayList<>();
      List<Long> at = new ArrayList<>();
      fates.forEach(
          (name, fate) -> {
            if (fate == Fate.CANCEL || fate == Fate.DELETE) {
              at.add(2_000L + random.nextInt(58_000));
              timeline.add(
                  () -> {
                    var resource = client.resources(DliJob.class).inNamespace(ns).withName(name);
                    if (fate == Fate.CANCEL) {
                      resource.edit(
                          job -> {
                            job.getSpec().setCancel(true);
                            return job;
                          });
                    } else {
                      resource.delete();
                    }
                  });
            }
          });
      for (int k = 0; k < kills; k++) {
        at.add(5_000L + k * 60_000L / Math.max(1, kills));
        timeline.add(
            () -> {
              try {
                operator.kill();
                operator.start();
              } catch (Exception e) {
                throw new IllegalStateException("cannot restart the operator", e);
              }
            });
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < at.size(); i++) {
        order.add(i);
      }
      order.sort((a, b) -> Long.compare(at.get(a), at.get(b)));
      for (int i : order) {
        long wait = at.get(i) - (System.nanoTime() - start) / 1_000_000;
        if (wait > 0) {
          Thread.sleep(wait);
        }
        timeline.get(i).run();
      }

      try {
        Wait.until(
            "every DliJob settled", Duration.ofMinutes(10), () -> settled(client, ns, fates));
      } catch (ConditionTimeoutException e) {
        System.out.println("not everything settled within 10 minutes: counting what there is");
      }
      double tookSeconds = (System.nanoTime() - start) / 1e9;
      operator.close();
      watch.close();

      int twice = 0;
      int runsOn = 0;
      int stuck = 0;
      int unsettled = 0;
      int forgotten = 0;
      Map<Integer, Integer> jobsPerAttempt = new TreeMap<>();
      Map<Integer, Integer> attemptsPerResource = new TreeMap<>();
      int retryWrong = 0;
      for (var entry : fates.entrySet()) {
        String name = entry.getKey();
        List<String> dliJobs = simulator.sqlJobsTagged("dli-operator-uid", uids.get(name));
        DliJob resource = client.resources(DliJob.class).inNamespace(ns).withName(name).get();
        if (entry.getValue() == Fate.RETRY) {
          int attempts = 0;
          boolean wrong = false;
          int tagged = 0;
          for (int n = 1; n <= BACKOFF_LIMIT + 2; n++) {
            List<String> ofAttempt =
                simulator.sqlJobsTagged("dli-operator-attempt", String.valueOf(n));
            int count = (int) dliJobs.stream().filter(ofAttempt::contains).count();
            tagged += count;
            if (count > 0) {
              jobsPerAttempt.merge(count, 1, Integer::sum);
              wrong |= count > 1 || attempts != n - 1; // two jobs for one attempt, or one skipped
              attempts = n;
            }
          }
          attemptsPerResource.merge(attempts, 1, Integer::sum);
          int expected = Math.min(failures.get(name), BACKOFF_LIMIT) + 1;
          if (wrong || tagged != dliJobs.size() || attempts != expected) {
            retryWrong++;
            System.out.printf(
                "RETRIES WRONG: %s %d attempts, %d expected, DLI jobs %s%n",
                name, attempts, expected, dliJobs);
          }
        } else if (dliJobs.size() > 1) {
          twice++;
          System.out.printf("TWO DLI JOBS: %s %s%n", name, dliJobs);
        }
        boolean stopped =
            entry.getValue() == Fate.DELETE
                || entry.getValue() == Fate.DELETE_AT_ONCE
                || (entry.getValue() == Fate.CANCEL
                    && resource != null
                    && resource.getStatus() != null
                    && resource.getStatus().getPhase() != null
                    && resource.getStatus().getPhase().isTerminal());
        if (stopped
            && dliJobs.stream().anyMatch(id -> RUNNING.contains(simulator.sqlJobStatus(id)))) {
          runsOn++;
          System.out.printf("RUNS ON: %s (%s) %s%n", name, entry.getValue(), dliJobs);
        }
        boolean gone = entry.getValue() == Fate.DELETE || entry.getValue() == Fate.DELETE_AT_ONCE;
        if (gone && resource != null) {
          stuck++;
          System.out.printf(
              "STUCK: %s %s%n",
              name, resource.getStatus() == null ? "" : resource.getStatus().getMessage());
        } else if (!gone && !terminal(resource)) {
          unsettled++;
        }
        if ((entry.getValue() == Fate.SUCCEED
                || entry.getValue() == Fate.FAIL
                || entry.getValue() == Fate.RETRY)
            && dliJobs.isEmpty()) {
          forgotten++;
        }
      }
      long submits = DliJobWatch.acceptedSubmits(simulator);
      System.out.printf(
          "%n== %d DliJobs, operator jar SIGKILLed %d times, list lag 5 s, submit answers 1.5 s late%n",
          jobs, kills);
      System.out.printf("everything settled after          %6.1f s%n", tookSeconds);
      System.out.printf("resources with two DLI jobs       %6d%n", twice);
      System.out.printf("cancelled/deleted, DLI job runs on %5d%n", runsOn);
      System.out.printf("stuck finalizers                  %6d%n", stuck);
      System.out.printf("deleted resources re-created      %6d%n", recreated.size());
      System.out.printf("not ended after 10 minutes        %6d%n", unsettled);
      System.out.printf("succeed/fail jobs never submitted %6d%n", forgotten);
      System.out.printf(
          "accepted submits per DliJob       %6.3f  (retries included)%n", submits / (double) jobs);
      System.out.printf(
          "retrying DliJobs (backoffLimit %d): DLI jobs per attempt %s, attempts per resource %s,"
              + " wrong %d%n",
          BACKOFF_LIMIT, histogram(jobsPerAttempt), histogram(attemptsPerResource), retryWrong);
      broken = twice + runsOn + stuck + recreated.size() + unsettled + forgotten + retryWrong > 0;
    }
    System.exit(broken ? 1 : 0);
  }

  /** "{1: 40}" reads: value 1, 40 times. */
  private static String histogram(Map<Integer, Integer> counts) {
    return counts.toString().replace('=', ':');
  }

  private static boolean terminal(DliJob job) {
    return job != null
        && job.getStatus() != null
        && job.getStatus().getPhase() != null
        && job.getStatus().getPhase().isTerminal();
  }

  /** Every deleted resource gone, every other one ended. */
  private static boolean settled(KubernetesClient client, String ns, Map<String, Fate> fates) {
    Map<String, DliJob> present = new HashMap<>();
    client
        .resources(DliJob.class)
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(j -> present.put(j.getMetadata().getName(), j));
    return fates.entrySet().stream()
        .allMatch(
            e ->
                e.getValue() == Fate.DELETE || e.getValue() == Fate.DELETE_AT_ONCE
                    ? !present.containsKey(e.getKey())
                    : terminal(present.get(e.getKey())));
  }
}
