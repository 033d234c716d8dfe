package dev.operator.dli.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.ControlPlane;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster upgraded without this version's CRDs (Helm never upgrades crds/): the operator names
 * the missing one and serves the kinds it has, instead of failing to start.
 */
class MissingCrdIT {
  @RegisterExtension static final ControlPlane controlPlane = new ControlPlane();

  private static DliOperator operator(String namespace) {
    return new DliOperator(
        controlPlane.admin(),
        TestSettings.fastOperator(namespace + "/dli-credentials").concurrency(2).build(),
        new SimpleMeterRegistry(),
        () -> {});
  }

  /**
   * One story on one control plane: no CRD at all, then only the DliJob CRD (DliJobs on a
   * deprecated connection Secret still run without the connection kinds).
   */
  @Test
  void withoutAnyCrdItRefusesToStartAndWithoutTheCronJobCrdDliJobsStillRun() {
    assertThatThrownBy(() -> operator("nowhere"))
        .hasMessageContaining("dlijobs.dli.operator.dev")
        .hasMessageContaining("dlicronjobs.dli.operator.dev")
        .hasMessageContaining("kubectl apply --server-side --force-conflicts -f crds/");
    controlPlane.installCrd();
    String ns = controlPlane.newNamespace("upgraded");
    try (DliSimulator simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100)))) {
      controlPlane
          .admin()
          .resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials"))
          .create();
      try (DliOperator operator = operator(ns).start()) {
        assertThat(operator.missingCrds())
            .containsExactly(
                "dlicronjobs.dli.operator.dev",
                "dliconnections.dli.operator.dev",
                "clusterdliconnections.dli.operator.dev");
        Wait.until("the operator is ready", operator::ready);
        controlPlane
            .admin()
            .resource(DliJobFixture.sql("select 1").named(ns, "still-runs").build())
            .create();
        controlPlane
            .admin()
            .resources(DliJob.class)
            .inNamespace(ns)
            .withName("still-runs")
            .waitUntilCondition(
                j -> j.getStatus() != null && j.getStatus().getPhase() == Phase.Succeeded,
                60,
                TimeUnit.SECONDS);
      }
    }
  }
}
