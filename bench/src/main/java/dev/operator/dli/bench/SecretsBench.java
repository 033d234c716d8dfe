package dev.operator.dli.bench;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.api.SecretConnectionRef;
import dev.operator.dli.controlplane.LocalControlPlane;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorJar;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * bench/secrets.sh: the operator's memory must not grow with Secrets that no DliJob names, nor its
 * threads with the Secrets it watches. The operator jar at the chart's heap runs a DliJob on each
 * of 20 connection Secrets, then on each of 40 more (threads read after a settling minute at 20 and
 * at 60 watched Secrets, once the shared pools have warmed up); then unrelated Secrets (300 of 256
 * KiB by default, random so that nothing compresses them) appear in another namespace. RSS and
 * threads are read before, and after a settling minute in which the API server sends their events
 * to any watcher there is. Goal: RSS grows by at most 10 % of their size.
 */
public final class SecretsBench {
  private static final int FIRST = 20; // DliJobs, one per connection Secret
  private static final int JOBS = 60;
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final List<String> CHART_HEAP =
      List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=50");

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int kib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    boolean right;
    try (LocalControlPlane controlPlane = BenchControlPlane.start();
        DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      right = run(controlPlane, simulator, count, kib);
    }
    System.exit(right ? 0 : 1);
  }

  private static boolean run(
      LocalControlPlane controlPlane, DliSimulator simulator, int count, int kib) throws Exception {
    KubernetesClient client = controlPlane.client();
    String ns = controlPlane.newNamespace("jobs");
    String others = controlPlane.newNamespace("others");
    for (int i = 0; i < JOBS; i++) {
      client.resource(TestSettings.simulatorSecret(simulator, ns, "dli-" + i)).create();
    }
    Map<String, Phase> phases = new ConcurrentHashMap<>();
    try (OperatorJar operator =
        new OperatorJar(
                controlPlane.kubeconfigYaml(),
                ns + "/dli-0",
                CHART_HEAP,
                Map.of(),
                Path.of("target/secrets-bench-operator.log"))
            .start()) {
      Wait.until("the operator is ready", Duration.ofMinutes(1), operator::ready);
      SharedIndexInformer<DliJob> watch = DliJobWatch.phases(client, ns, phases);
      for (int i = 0; i < FIRST; i++) {
        createJob(client, ns, i);
      }
      Wait.until(
          "the first jobs run", Duration.ofMinutes(2), () -> DliJobWatch.running(phases) == FIRST);
      Thread.sleep(SETTLE.toMillis()); // idle pool threads end, the start's garbage settles
      int threadsFirst = ConnectionsBench.threads(operator.pid());
      for (int i = FIRST; i < JOBS; i++) {
        createJob(client, ns, i);
      }
      Wait.until("the jobs run", Duration.ofMinutes(2), () -> DliJobWatch.running(phases) == JOBS);
      Thread.sleep(SETTLE.toMillis());
      long rssBefore = operator.residentMiB()[0];
      int threadsBefore = ConnectionsBench.threads(operator.pid());

      Random random = new Random(42);
      byte[] payload = new byte[kib * 1024];
      for (int i = 0; i < count; i++) {
        random.nextBytes(payload);
        client
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withNamespace(others)
                    .withName("sh.helm.release.v1.app.v" + i)
                    .endMetadata()
                    .addToData("release", Base64.getEncoder().encodeToString(payload))
                    .build())
            .create();
      }
      Thread.sleep(SETTLE.toMillis()); // a bench, not a test: what a watcher would hold by now
      long rssAfter = operator.residentMiB()[0];
      int threadsAfter = ConnectionsBench.threads(operator.pid());
      boolean jobsRight =
          DliJobWatch.running(phases) == JOBS && DliJobWatch.acceptedSubmits(simulator) == JOBS;
      watch.close();
      double sizeMiB = count * kib / 1024.0;
      long growth = rssAfter - rssBefore;
      System.out.printf(
          "%n== secrets: %d unrelated Secrets of %d KiB (%.0f MiB) beside %d running DliJobs,"
              + " each on a connection Secret of its own, the chart's heap%n",
          count, kib, sizeMiB, JOBS);
      System.out.printf(
          "RSS %d -> %d MiB (%+d MiB; goal <= %+.1f MiB, 10 %% of their size)%n",
          rssBefore, rssAfter, growth, sizeMiB / 10);
      System.out.printf(
          "threads %d watching %d Secrets, %d watching %d; %d after the unrelated Secrets%n",
          threadsFirst, FIRST, threadsBefore, JOBS, threadsAfter);
      System.out.println(jobsRight ? "every job Running, one submit each" : "JOBS WRONG");
      return jobsRight && growth <= sizeMiB / 10;
    }
  }

  private static void createJob(KubernetesClient client, String ns, int i) {
    SecretConnectionRef ref = new SecretConnectionRef();
    ref.setSecretName("dli-" + i);
    client
        .resource(
            DliJobFixture.sql("select 1 /* sim: run 10m */")
                .named(ns, "job-" + i)
                .with(spec -> spec.setConnection(ref))
                .build())
        .create();
  }
}
