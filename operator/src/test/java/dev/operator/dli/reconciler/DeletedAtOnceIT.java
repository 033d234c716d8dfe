package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.StallReason;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.ControlPlane;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorJar;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DliJobs deleted a few milliseconds after their creation (a CI job, a GitOps prune), while the
 * operator jar runs, starts and is killed: none may come back. The operator once added its
 * finalizer with a server-side apply, which created a spec-less copy of a DliJob deleted meanwhile.
 */
class DeletedAtOnceIT {
  private static final int JOBS = 200;
  private static final String CRD = "dlijobs." + DliJob.GROUP;
  private static final Set<String> RUNNING = Set.of("LAUNCHING", "RUNNING", "SCALING");

  /** The UIDs of the churned DliJobs: none may leave a DLI job running. */
  private static final List<String> UIDS = new ArrayList<>();

  @RegisterExtension static final ControlPlane CONTROL_PLANE = new ControlPlane();

  private static DliSimulator simulator;
  private static String namespace;

  @BeforeAll
  static void setUp() {
    CONTROL_PLANE.installCrds();
    simulator = DliSimulator.start(SimulatorConfig.defaults());
    namespace = CONTROL_PLANE.newNamespace("deleted-at-once");
    CONTROL_PLANE
        .admin()
        .resource(TestSettings.simulatorSecret(simulator, namespace, "dli-credentials"))
        .create();
  }

  @AfterAll
  static void tearDown() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void aDliJobDeletedRightAfterItsCreationNeverComesBack() throws Exception {
    KubernetesClient client = CONTROL_PLANE.admin();
    Path log = Path.of("target/deleted-at-once-operator.log");
    Files.deleteIfExists(log);
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    try (Watch watch = client.resources(DliJob.class).inNamespace(namespace).watch(recorder(seen));
        OperatorJar operator =
            new OperatorJar(
                CONTROL_PLANE.kubeconfigYaml(),
                namespace + "/dli-credentials",
                List.of(),
                Map.of(),
                log)) {
      operator.start();
      Wait.until("the operator is ready", operator::ready);
      int created = churn(0, JOBS / 2);
      operator.kill(); // and at once again: the second half races its start-up and first list
      operator.start();
      while (!operator.ready()) {
        created = churn(created, created + 1);
      }
      created = churn(created, created + JOBS / 2);

      // A DliJob created after them all is reconciled after them all: once it has run, every
      // other one has had its turn.
      String last = "last";
      client
          .resource(DliJobFixture.sql("select 1 /* sim: run 1s */").named(namespace, last).build())
          .create();
      Wait.until(
          "the last DliJob is Succeeded",
          () -> {
            DliJob job = client.resources(DliJob.class).inNamespace(namespace).withName(last).get();
            return job.getStatus() != null && job.getStatus().getPhase() == Phase.Succeeded;
          });
      client.resources(DliJob.class).inNamespace(namespace).withName(last).delete();
      Wait.until(
          "no DliJob remains",
          () -> client.resources(DliJob.class).inNamespace(namespace).list().getItems().isEmpty());

      Wait.until(
          "every DLI job of a deleted DliJob ended",
          () ->
              UIDS.stream()
                  .flatMap(uid -> simulator.sqlJobsTagged("dli-operator-uid", uid).stream())
                  .noneMatch(id -> RUNNING.contains(simulator.sqlJobStatus(id))));
      assertThat(seen).as("the watch saw everything").noneMatch(e -> e.startsWith("CLOSED"));
      assertThat(recreated(seen)).as("DliJobs ADDED again after their deletion").isEmpty();
      assertThat(created).isGreaterThanOrEqualTo(JOBS);
    }
    assertThat(Files.readAllLines(log))
        .as("the operator's log (%s)", log)
        .noneMatch(line -> line.contains("Exception") || line.contains(" ERROR "));
  }

  @Test
  void aDliJobWithoutSpecIsStalledAndItsDeletionReleasesAtOnce() throws Exception {
    KubernetesClient client = CONTROL_PLANE.admin();
    String ns = CONTROL_PLANE.newNamespace("specless");
    createWithoutSpec(ns, "old-style");
    Path log = Path.of("target/specless-operator.log");
    Files.deleteIfExists(log);
    try (OperatorJar operator =
        new OperatorJar(
                CONTROL_PLANE.kubeconfigYaml(),
                namespace + "/dli-credentials",
                List.of(),
                Map.of(),
                log)
            .start()) {
      Wait.until(
          "the spec-less DliJob is Stalled with reason SpecMissing",
          () -> {
            DliJob job = client.resources(DliJob.class).inNamespace(ns).withName("old-style").get();
            return job.getStatus() != null
                && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                    .anyMatch(
                        c ->
                            "Stalled".equals(c.getType())
                                && "True".equals(c.getStatus())
                                && StallReason.SpecMissing.name().equals(c.getReason())
                                && c.getMessage().contains("no spec"));
          });
      client.resources(DliJob.class).inNamespace(ns).withName("old-style").delete();
      Wait.until(
          "the spec-less DliJob is gone",
          () -> client.resources(DliJob.class).inNamespace(ns).withName("old-style").get() == null);
    }
    assertThat(Files.readAllLines(log))
        .as("the operator's log (%s)", log)
        .noneMatch(line -> line.contains("Exception"));
  }

  /**
   * An object as an older CRD let it be: the CRD's rule that spec is required is lifted for the
   * creation, then put back, as an upgrade does (the object stays).
   */
  private static void createWithoutSpec(String ns, String name) {
    KubernetesClient client = CONTROL_PLANE.admin();
    List<ValidationRule> rules = rootRules(null);
    GenericKubernetesResource specless = new GenericKubernetesResource();
    specless.setApiVersion(DliJob.GROUP + "/" + DliJob.VERSION);
    specless.setKind("DliJob");
    specless.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    // The API server takes a changed schema up a moment later: try until it does.
    Wait.until(
        "a DliJob without spec is accepted under the older CRD",
        () -> {
          try {
            client.resource(specless).create();
            return true;
          } catch (KubernetesClientException e) {
            return false;
          }
        });
    rootRules(rules);
  }

  /** Sets the CRD's root validation rules; returns the ones it had. */
  private static List<ValidationRule> rootRules(List<ValidationRule> rules) {
    List<List<ValidationRule>> before = new ArrayList<>();
    CONTROL_PLANE
        .admin()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(CRD)
        .edit(
            crd -> {
              JSONSchemaProps root =
                  crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
              before.add(root.getXKubernetesValidations());
              root.setXKubernetesValidations(rules);
              return crd;
            });
    return before.get(0);
  }

  /** Creates and at once deletes DliJobs number {@code from} to {@code to} (exclusive). */
  private static int churn(int from, int to) {
    KubernetesClient client = CONTROL_PLANE.admin();
    for (int i = from; i < to; i++) {
      String name = "churn-" + i;
      UIDS.add(
          client
              .resource(
                  DliJobFixture.sql("select " + i + " /* sim: run 10m */")
                      .named(namespace, name)
                      .build())
              .create()
              .getMetadata()
              .getUid());
      client.resources(DliJob.class).inNamespace(namespace).withName(name).delete();
    }
    return to;
  }

  /** Names that were ADDED after they were DELETED. */
  private static List<String> recreated(Queue<String> seen) {
    Set<String> deleted = new HashSet<>();
    List<String> again = new ArrayList<>();
    for (String event : seen) {
      String[] parts = event.split(" ", 2);
      if (parts[0].equals("DELETED")) {
        deleted.add(parts[1]);
      } else if (parts[0].equals("ADDED") && deleted.contains(parts[1])) {
        again.add(parts[1]);
      }
    }
    return again;
  }

  private static Watcher<DliJob> recorder(Queue<String> seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, DliJob job) {
        seen.add(action + " " + job.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
        if (cause != null) {
          seen.add("CLOSED " + cause.getMessage());
        }
      }
    };
  }
}
