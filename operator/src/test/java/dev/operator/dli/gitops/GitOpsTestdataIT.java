package dev.operator.dli.gitops;

import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.ConnectionRef;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives DliJobs through every state a GitOps tool must read right and captures each from the real
 * API server as the testdata of the Argo CD health check (gitops/argocd/.../testdata). The Go test
 * module under gitops/test runs Argo CD's Lua VM, kstatus and Flux's CEL evaluator over those
 * files; this test fails when a capture differs from the committed file, so they never drift.
 */
class GitOpsTestdataIT {
  private static final String NAMESPACE = "analytics";
  private static final String RUNS_LONG = "insert into events select * from raw /* sim: run 10m */";

  /** A cancel takes a few seconds to end the job, so that Cancelling can be seen. */
  @RegisterExtension
  static final OperatorUnderTest operator = new OperatorUnderTest(Duration.ofSeconds(3));

  private static final Map<String, String> captured = new LinkedHashMap<>();
  private static final Scenario scenario = Scenario.in(operator, NAMESPACE);

  @BeforeAll
  static void namespace() {
    operator
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @AfterAll
  static void clearFaults() {
    operator.simulator().faults().clear();
  }

  @Test
  void capturesEveryStateAGitOpsToolReads() {
    DliJob succeeded =
        scenario.create("succeeded", DliJobFixture.sql("insert into daily select 1"));
    capture("succeeded", succeeded, job -> phase(job, Phase.Succeeded));

    DliJob failed =
        scenario.create(
            "failed", DliJobFixture.sql("insert into daily select 1 /* sim: fail after 100ms */"));
    capture("failed", failed, job -> phase(job, Phase.Failed));

    DliJob retrying =
        scenario.create(
            "retrying",
            DliJobFixture.sql("insert into daily select 1 /* sim: fail after 100ms */")
                .with(spec -> spec.setBackoffLimit(2)));
    capture(
        "retrying",
        retrying,
        job -> phase(job, Phase.Pending) && job.getStatus().getNextAttemptAt() != null);

    DliJob stalled =
        scenario.create(
            "stalled-missing-secret",
            DliJobFixture.sql("select 1").with(spec -> spec.setConnection(secret("missing"))));
    capture("stalled-missing-secret", stalled, job -> stalled(job));

    DliJob running = scenario.create("running", DliJobFixture.sql(RUNS_LONG));
    capture("running", running, job -> runningWithStartTime(job));

    DliJob onRequest = scenario.create("cancelled-on-request", DliJobFixture.sql(RUNS_LONG));
    operator.waitFor(NAMESPACE, "cancelled-on-request", GitOpsTestdataIT::runningWithStartTime);
    operator.cancel(NAMESPACE, "cancelled-on-request");
    capture("cancelling", onRequest, GitOpsTestdataIT::cancelAccepted);
    capture("cancelled-on-request", onRequest, job -> phase(job, Phase.Cancelled));

    DliJob deadline =
        scenario.create(
            "cancelled-by-deadline",
            DliJobFixture.sql(RUNS_LONG).with(spec -> spec.setActiveDeadlineSeconds(2L)));
    capture(
        "cancelled-by-deadline",
        deadline,
        job ->
            phase(job, Phase.Cancelled)
                && job.getStatus().getCancellation().getReason() == CancelReason.DeadlineExceeded);

    operator.simulator().faults().add(FaultRule.of(FaultRule.Type.submitDelay).withLatency(20_000));
    DliJob submitting =
        scenario.create("submitting", DliJobFixture.sql("insert into daily select 2"));
    capture("submitting", submitting, job -> phase(job, Phase.Submitting));
    operator.simulator().faults().clear();

    // What the operator has not looked at yet: the operator is stopped.
    DliJob staleGeneration = scenario.create("stale-generation", DliJobFixture.sql(RUNS_LONG));
    operator.waitFor(NAMESPACE, "stale-generation", GitOpsTestdataIT::runningWithStartTime);
    DliJob deleting = scenario.create("deleting", DliJobFixture.sql(RUNS_LONG));
    operator.waitFor(NAMESPACE, "deleting", GitOpsTestdataIT::runningWithStartTime);
    operator.stopOperator();
    try {
      DliJob pending = scenario.create("pending", DliJobFixture.sql("insert into daily select 3"));
      capture("pending", pending, job -> true);
      operator.cancel(NAMESPACE, "stale-generation");
      capture(
          "stale-generation",
          staleGeneration,
          job -> job.getMetadata().getGeneration() > job.getStatus().getObservedGeneration());
      operator
          .client()
          .resources(DliJob.class)
          .inNamespace(NAMESPACE)
          .withName("deleting")
          .delete();
      capture("deleting", deleting, job -> job.getMetadata().getDeletionTimestamp() != null);
    } finally {
      operator.startOperator();
    }
    operator.waitGone(NAMESPACE, "deleting");

    compareWithCommitted();
  }

  private static void compareWithCommitted() {
    StringBuilder drifted = new StringBuilder();
    captured.forEach(
        (name, text) -> {
          if (CapturedDliJob.UPDATE) {
            CapturedDliJob.write(name, text);
          } else if (!text.equals(CapturedDliJob.committed(name))) {
            drifted.append("\n--- ").append(name).append(".yaml now reads:\n").append(text);
          }
        });
    assertThat(drifted.toString())
        .as(
            "captured DliJobs differ from the committed testdata in %s; if the change is meant,"
                + " run `make gitops-testdata` and review the diff",
            CapturedDliJob.TESTDATA)
        .isEmpty();
  }

  /** Waits until the object as the API server serves it is in that state, and keeps it. */
  private void capture(String file, DliJob job, Predicate<DliJob> state) {
    AtomicReference<GenericKubernetesResource> raw = new AtomicReference<>();
    Wait.until(
        file + ": " + job.getMetadata().getName() + " in the state to capture",
        () -> {
          raw.set(
              operator
                  .client()
                  .genericKubernetesResources(DliJob.GROUP + "/" + DliJob.VERSION, "DliJob")
                  .inNamespace(NAMESPACE)
                  .withName(job.getMetadata().getName())
                  .get());
          return raw.get() != null && state.test(typed(raw.get()));
        });
    captured.put(file, CapturedDliJob.yaml(raw.get(), typed(raw.get()).getStatus().getJobId()));
  }

  private static DliJob typed(GenericKubernetesResource raw) {
    return Serialization.jsonMapper().convertValue(raw, DliJob.class);
  }

  private static ConnectionRef secret(String name) {
    ConnectionRef ref = new ConnectionRef();
    ref.setSecretName(name);
    return ref;
  }

  private static boolean runningWithStartTime(DliJob job) {
    return phase(job, Phase.Running)
        && "RUNNING".equals(job.getStatus().getDliStatus())
        && job.getStatus().getDurationMillis() != null;
  }

  private static boolean cancelAccepted(DliJob job) {
    return phase(job, Phase.Cancelling)
        && job.getStatus().getCancellation() != null
        && job.getStatus().getCancellation().getAttempts() != null
        && job.getStatus().getCancellation().getAttempts() > 0;
  }

  private static boolean stalled(DliJob job) {
    return job.getStatus() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
