package dev.operator.dli.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.runtime.DliOperator;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.Cli;
import dev.operator.dli.testing.ControlPlane;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An install of the chart from before the connection kinds (issue 21), upgraded to this chart the
 * way the README says: its CRDs applied first (Helm never upgrades {@code crds/}), then {@code helm
 * upgrade}. The DliJobs that ran before the upgrade are observed and cancelled after it.
 */
class ChartUpgradeIT {
  /** The last commit whose chart knew neither the connection kinds nor the new RBAC. */
  private static final String BEFORE_CONNECTION_KINDS = "bf9faaf";

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHART = REPO.resolve("helm/dli-operator");
  private static final String RELEASE_NAMESPACE = "dli-system";
  private static final String TEAM = "team-a";
  private static final String OPERATOR_ACCOUNT = "dli-dli-operator";

  @RegisterExtension static final ControlPlane controlPlane = new ControlPlane();

  @TempDir static Path home;

  @Test
  void anUpgradedReleaseKeepsObservingItsDliJobsAndServesEveryKindOfTheChart() throws Exception {
    Cli cli = new Cli(controlPlane, home);
    KubernetesClient admin = controlPlane.admin();
    Path oldChart = chartOfCommit(BEFORE_CONNECTION_KINDS);
    cli.helm(
            "install",
            "dli",
            oldChart.toString(),
            "-n",
            RELEASE_NAMESPACE,
            "--create-namespace",
            "--set",
            "defaultConnection.secretName=dli-credentials")
        .ok();
    controlPlane.awaitEstablished("dlijobs.dli.operator.dev");
    cli.kubectl(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + TEAM + "}\n", "apply", "-f", "-")
        .ok();

    try (DliSimulator simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofSeconds(600), Duration.ofMillis(200)))) {
      admin
          .resource(TestSettings.simulatorSecret(simulator, RELEASE_NAMESPACE, "dli-credentials"))
          .create();
      admin.resource(TestSettings.simulatorSecret(simulator, TEAM, "team-credentials")).create();
      String onDefault;
      String onSecret;
      try (DliOperator before = operator().start()) {
        Wait.until("the operator under the old chart's RBAC is ready", before::ready);
        cli.kubectl(
                dliJob("on-default", "") + "---\n" + dliJob("on-secret", "team-credentials"),
                "apply",
                "-f",
                "-")
            .ok();
        onDefault = runningJobId("on-default");
        onSecret = runningJobId("on-secret");
      }

      // Moving the CRDs into templates would not do: Helm adopts no object without its ownership
      // metadata, and the CRDs that crds/ installed have none.
      Cli.Result adoption =
          cli.helm(
              upgrade(
                  chartWithCrdsAsTemplates(), "--set", "secretAccess.namespaces={" + TEAM + "}"));
      assertThat(adoption.exitCode()).isNotZero();
      assertThat(adoption.stderr())
          .contains("exists and cannot be imported into the current release")
          .contains("invalid ownership metadata");
      assertThat(crd("dliconnections.dli.operator.dev").get())
          .as("the refused upgrade created nothing")
          .isNull();

      // The README's way: the CRDs first, then the upgrade. The team's DliJobs name a Secret in
      // their own namespace, which the new chart grants only where it is told to.
      cli.kubectl(
              null,
              "apply",
              "--server-side",
              "--force-conflicts",
              "-f",
              CHART.resolve("crds").toString())
          .ok();
      cli.helm(upgrade(CHART, "--set", "secretAccess.namespaces={" + TEAM + "}")).ok();
      for (String name : crdNamesOfTheChart()) {
        controlPlane.awaitEstablished(name);
      }

      try (DliOperator after = operator().start()) {
        Wait.until("the restarted operator is ready", after::ready);
        assertThat(after.missingCrds()).isEmpty();
        Resource<DliJob> cancelled = job("on-secret");
        cancelled.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"cancel\": true}}");
        cancelled.waitUntilCondition(
            j -> j.getStatus().getPhase() == Phase.Cancelled, 60, TimeUnit.SECONDS);
        assertThat(simulator.sqlJobStatus(onSecret)).isEqualTo("CANCELLED");
        assertThat(cancelled.get().getStatus().getJobId()).isEqualTo(onSecret);

        Resource<DliJob> deleted = job("on-default");
        deleted.delete();
        deleted.waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
        Wait.until(
            "the deleted DliJob's DLI job is cancelled",
            Duration.ofSeconds(10),
            () -> "CANCELLED".equals(simulator.sqlJobStatus(onDefault)));
      }
    }
  }

  /** A DliJob of the kind that existed before the connection kinds. */
  private static String dliJob(String name, String secretName) {
    return """
        apiVersion: dli.operator.dev/v1alpha1
        kind: DliJob
        metadata: {name: %s, namespace: %s}
        spec:
          %s
          sql: {statement: "select 1 /* sim: run 10m */", queue: default, database: analytics}
        """
        .formatted(
            name, TEAM, secretName.isEmpty() ? "" : "connection: {secretName: " + secretName + "}");
  }

  private static String runningJobId(String name) {
    return job(name)
        .waitUntilCondition(
            j -> j.getStatus() != null && j.getStatus().getPhase() == Phase.Running,
            60,
            TimeUnit.SECONDS)
        .getStatus()
        .getJobId();
  }

  private static Resource<DliJob> job(String name) {
    return controlPlane.admin().resources(DliJob.class).inNamespace(TEAM).withName(name);
  }

  private static Resource<CustomResourceDefinition> crd(String name) {
    return controlPlane.admin().apiextensions().v1().customResourceDefinitions().withName(name);
  }

  private static String[] upgrade(Path chart, String... values) {
    return Stream.concat(
            Stream.of(
                "upgrade",
                "dli",
                chart.toString(),
                "-n",
                RELEASE_NAMESPACE,
                "--set",
                "defaultConnection.secretName=dli-credentials"),
            Stream.of(values))
        .toArray(String[]::new);
  }

  /** The operator of this version, with the identity the chart gives it. */
  private static DliOperator operator() {
    KubernetesClient asOperator =
        controlPlane.impersonating(
            "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + OPERATOR_ACCOUNT,
            "system:serviceaccounts",
            "system:serviceaccounts:" + RELEASE_NAMESPACE,
            "system:authenticated");
    return new DliOperator(
        asOperator,
        TestSettings.fastOperator(RELEASE_NAMESPACE + "/dli-credentials")
            .watchNamespaces(Set.of())
            .concurrency(2)
            .instance("upgrade-test")
            .build(),
        new SimpleMeterRegistry(),
        () -> {});
  }

  /** The chart as the repository's history holds it at that commit (a clone has the history). */
  private static Path chartOfCommit(String commit) throws IOException, InterruptedException {
    Path target = Files.createDirectories(home.resolve("chart-" + commit));
    Process process =
        new ProcessBuilder(
                "bash",
                "-o",
                "pipefail",
                "-c",
                "git -C \"$0\" archive \"$1\" helm/dli-operator | tar -x -C \"$2\"",
                REPO.toString(),
                commit,
                target.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0)
        .as("git archive %s of the chart: %s", commit, output)
        .isTrue();
    return target.resolve("helm/dli-operator");
  }

  /** This chart with its CRDs moved from crds/ into templates/. */
  private static Path chartWithCrdsAsTemplates() throws IOException {
    Path copy = home.resolve("crds-as-templates");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : files.toList()) {
        Path relative = CHART.relativize(file);
        if (relative.equals(Path.of("crds"))) {
          continue;
        }
        Path to =
            relative.startsWith("crds")
                ? copy.resolve("templates").resolve(file.getFileName())
                : copy.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(file, to);
        }
      }
    }
    return copy;
  }

  private static List<String> crdNamesOfTheChart() throws IOException {
    try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
      List<String> names =
          files
              .map(
                  file -> {
                    try (InputStream in = Files.newInputStream(file)) {
                      return Serialization.unmarshal(in, CustomResourceDefinition.class)
                          .getMetadata()
                          .getName();
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .toList();
      assertThat(names).contains("dlijobs.dli.operator.dev", "dlicronjobs.dli.operator.dev");
      return names;
    }
  }
}
