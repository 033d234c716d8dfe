package dev.operator.dli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.ControlPlane;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.TestSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas with leader election: one leads through a Lease, and the job is submitted once. */
class LeaderElectionIT {
  @RegisterExtension static final ControlPlane controlPlane = new ControlPlane();

  private static DliOperator replica(String name, String namespace) {
    OperatorConfig config =
        TestSettings.fastOperator(namespace + "/dli-credentials")
            .concurrency(2)
            .leaderElection(true, namespace)
            .instance(name)
            .build();
    return new DliOperator(controlPlane.admin(), config, new SimpleMeterRegistry(), () -> {});
  }

  @Test
  void oneReplicaLeadsAndTheJobIsSubmittedOnce() {
    controlPlane.installCrds();
    String ns = controlPlane.newNamespace("ha");
    try (DliSimulator simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100)))) {
      controlPlane
          .admin()
          .resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials"))
          .create();
      try (DliOperator a = replica("replica-a", ns).start();
          DliOperator b = replica("replica-b", ns).start()) {
        Lease lease =
            controlPlane
                .admin()
                .leases()
                .inNamespace(ns)
                .withName("dli-operator")
                .waitUntilCondition(
                    l -> l != null && l.getSpec().getHolderIdentity() != null,
                    60,
                    TimeUnit.SECONDS);
        assertThat(lease.getSpec().getHolderIdentity()).isIn("replica-a", "replica-b");

        DliJob created =
            controlPlane
                .admin()
                .resource(DliJobFixture.sql("select 1").named(ns, "ha-job").build())
                .create();
        controlPlane
            .admin()
            .resources(DliJob.class)
            .inNamespace(ns)
            .withName("ha-job")
            .waitUntilCondition(
                j -> j.getStatus() != null && j.getStatus().getPhase() == Phase.Succeeded,
                60,
                TimeUnit.SECONDS);
        assertThat(simulator.sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid()))
            .hasSize(1);
      }
    }
  }
}
