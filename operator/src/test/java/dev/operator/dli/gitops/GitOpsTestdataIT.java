package dev.operator.dli.gitops;

import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.ConnectionRef;
import dev.operator.dli.api.DliConnection;
import dev.operator.dli.api.DliConnectionStatus;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliCronJobSpec;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.api.SecretConnectionRef;
import dev.operator.dli.schedule.RunNames;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.testing.CronJobFixture;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives DliJobs and DliCronJobs through every state a GitOps tool must read right and captures
 * each from the real API server as the testdata of the Argo CD health check
 * (gitops/argocd/.../testdata). The Go test module under gitops/test runs Argo CD's Lua VM, kstatus
 * and Flux's CEL evaluator over those files; this test fails when a capture differs from the
 * committed file, so they never drift.
 */
class GitOpsTestdataIT {
  private static final String NAMESPACE = "analytics";
  private static final String RUNS_LONG = "insert into events select * from raw /* sim: run 10m */";

  /** A cancel takes a few seconds to end the job, so that Cancelling can be seen. */
  @RegisterExtension
  static final OperatorUnderTest operator = new OperatorUnderTest(Duration.ofSeconds(3));

  private static final CapturedTestdata DLI_JOBS = new CapturedTestdata("DliJob");
  private static final CapturedTestdata DLI_CRON_JOBS = new CapturedTestdata("DliCronJob");
  private static final CapturedTestdata DLI_CONNECTIONS = new CapturedTestdata("DliConnection");
  private static final CapturedTestdata CLUSTER_CONNECTIONS =
      new CapturedTestdata("ClusterDliConnection");

  /** A slot's run that succeeds, fails or runs on, with the slot's date in its statement. */
  private static final String DAILY =
      "insert overwrite table daily partition (day = '${scheduledDate}') select * from raw";

  private static final String DAILY_FAILS = DAILY + " /* sim: fail after 100ms */";
  private static final String DAILY_RUNS_LONG = DAILY + " /* sim: run 10m */";

  private final Map<String, String> captured = new LinkedHashMap<>();
  private final Map<String, String> clusterCaptured = new LinkedHashMap<>();
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

    DliJob suspended =
        scenario.create(
            "suspended", DliJobFixture.flinkSql("insert into sink select * from orders"));
    operator.waitFor(
        NAMESPACE,
        "suspended",
        job -> phase(job, Phase.Running) && "job_running".equals(job.getStatus().getDliStatus()));
    operator.patchSpec(NAMESPACE, "suspended", "{\"suspend\": true}");
    captureSuspended(suspended);

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

    compareWithCommitted(DLI_JOBS);
  }

  /**
   * Every DliCronJob that runs fires at the same slot, the next one of the first cron: the cron
   * clock is moved to just before it, so that a cron created afterwards has no missed slot.
   */
  @Test
  void capturesEveryStateOfADliCronJob() {
    createCron("scheduled", DAILY, spec -> {});
    createCron("stale-generation", DAILY, spec -> {});
    createCron("stalled-unknown-time-zone", DAILY, spec -> spec.setTimeZone("Europe/Atlantis"));
    DliCronJob scheduled =
        captureCron(
            "scheduled", c -> observed(c, 1) && c.getStatus().getNextScheduleTime() != null);
    captureCron("stalled-unknown-time-zone", c -> observed(c, 1) && stalled(c));
    waitForCron("stale-generation", c -> observed(c, 1));

    Instant slot = Instant.parse(scheduled.getStatus().getNextScheduleTime());
    operator.cronClock().advanceTo(slot.minusSeconds(2));
    List.of("running", "last-cancelled", "deleting")
        .forEach(name -> createCron(name, DAILY_RUNS_LONG, spec -> {}));
    List.of("last-succeeded", "suspended").forEach(name -> createCron(name, DAILY, spec -> {}));
    List.of("last-failed", "suspended-after-failed-run")
        .forEach(name -> createCron(name, DAILY_FAILS, spec -> {}));

    captureCron("running", slot, GitOpsTestdataIT::runningWithJobId);
    captureCron("last-succeeded", slot, c -> lastRun(c, Phase.Succeeded));
    captureCron("last-failed", slot, c -> lastRun(c, Phase.Failed));
    waitForCron("last-cancelled", GitOpsTestdataIT::runningWithJobId);
    operator.cancel(NAMESPACE, RunNames.forSlot("last-cancelled", slot));
    captureCron("last-cancelled", slot, c -> lastRun(c, Phase.Cancelled));
    waitForCron("suspended", c -> lastRun(c, Phase.Succeeded));
    patchCronSpec("suspended", "{\"suspend\": true}");
    captureCron("suspended", slot, c -> observed(c, 2));
    waitForCron("suspended-after-failed-run", c -> lastRun(c, Phase.Failed));
    patchCronSpec("suspended-after-failed-run", "{\"suspend\": true}");
    captureCron("suspended-after-failed-run", slot, c -> observed(c, 2));
    waitForCron("deleting", GitOpsTestdataIT::runningWithJobId);

    // What the operator has not looked at yet: the operator is stopped.
    operator.stopOperator();
    try {
      createCron("pending", DAILY, spec -> {});
      captureCron("pending", c -> true);
      patchCronSpec("stale-generation", "{\"suspend\": true}");
      captureCron(
          "stale-generation",
          c -> c.getMetadata().getGeneration() > c.getStatus().getObservedGeneration());
      // As `kubectl delete --cascade=foreground`: the cron waits for the garbage collector.
      crons().withName("deleting").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
      captureCron("deleting", slot, c -> c.getMetadata().getDeletionTimestamp() != null);
    } finally {
      operator.startOperator();
    }
    // The garbage collector takes up new resource types at its discovery resync (every 30 s).
    crons()
        .withName("deleting")
        .waitUntilCondition(Objects::isNull, 2 * Wait.BOUND.toSeconds(), TimeUnit.SECONDS);

    compareWithCommitted(DLI_CRON_JOBS);
  }

  @Test
  void capturesEveryStateOfAConnection() {
    String key = operator.simulator().config().secretKey();
    String accessKey = operator.simulator().config().accessKey();
    credentials("good-credentials", accessKey, key);
    credentials("revoked-credentials", "REVOKED-ACCESS-KEY", key);
    createConnection("ready", "good-credentials");
    createConnection("credentials-refused", "revoked-credentials");
    createConnection("secret-missing", "no-such-secret");
    createConnection("deleting-in-use", "good-credentials");
    captureConnection("ready", c -> conditionTrue(c.getStatus(), "Ready"));
    captureConnection("credentials-refused", c -> conditionTrue(c.getStatus(), "Stalled"));
    captureConnection("secret-missing", c -> conditionTrue(c.getStatus(), "Stalled"));

    scenario.create(
        "on-deleting-connection",
        DliJobFixture.sql(RUNS_LONG)
            .with(
                spec ->
                    spec.setConnectionRef(
                        new ConnectionRef(ConnectionKind.DliConnection, "deleting-in-use"))));
    operator.waitFor(NAMESPACE, "on-deleting-connection", job -> phase(job, Phase.Running));
    connections()
        .withName("deleting-in-use")
        .waitUntilCondition(
            c -> c.getStatus() != null && Integer.valueOf(1).equals(c.getStatus().getJobs()),
            Wait.BOUND.toSeconds(),
            TimeUnit.SECONDS);
    connections().withName("deleting-in-use").delete();
    captureConnection("deleting-in-use", c -> c.getMetadata().getDeletionTimestamp() != null);

    operator
        .client()
        .resource(
            TestSettings.clusterConnection(
                operator.simulator(),
                "shared",
                NAMESPACE,
                "good-credentials",
                Map.of("kubernetes.io/metadata.name", NAMESPACE)))
        .create();
    captureClusterConnection("ready", c -> conditionTrue(c.getStatus(), "Ready"));

    // What the operator has not looked at yet: the operator is stopped.
    operator.stopOperator();
    try {
      createConnection("pending", "good-credentials");
      captureConnection("pending", c -> true);
    } finally {
      operator.startOperator();
    }
    scenario.delete("on-deleting-connection");
    connections()
        .withName("deleting-in-use")
        .waitUntilCondition(Objects::isNull, Wait.BOUND.toSeconds(), TimeUnit.SECONDS);
    operator.client().resources(ClusterDliConnection.class).withName("shared").delete();

    compareWithCommitted(DLI_CONNECTIONS, captured);
    compareWithCommitted(CLUSTER_CONNECTIONS, clusterCaptured);
  }

  private static void credentials(String name, String accessKey, String secretKey) {
    operator
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(Map.of("accessKey", accessKey, "secretKey", secretKey))
                .build())
        .create();
  }

  private static void createConnection(String name, String secretName) {
    operator
        .client()
        .resource(TestSettings.dliConnection(operator.simulator(), NAMESPACE, name, secretName))
        .create();
  }

  private static NonNamespaceOperation<
          DliConnection, KubernetesResourceList<DliConnection>, Resource<DliConnection>>
      connections() {
    return operator.client().resources(DliConnection.class).inNamespace(NAMESPACE);
  }

  private void captureConnection(String name, Predicate<DliConnection> state) {
    captured.put(name, connectionYaml(served("DliConnection", name, DliConnection.class, state)));
  }

  private void captureClusterConnection(String name, Predicate<ClusterDliConnection> state) {
    AtomicReference<GenericKubernetesResource> raw = new AtomicReference<>();
    Wait.until(
        "ClusterDliConnection shared in the state to capture",
        () -> {
          raw.set(
              operator
                  .client()
                  .genericKubernetesResources(
                      DliJob.GROUP + "/" + DliJob.VERSION, "ClusterDliConnection")
                  .withName("shared")
                  .get());
          return raw.get() != null && state.test(typed(raw.get(), ClusterDliConnection.class));
        });
    clusterCaptured.put(name, connectionYaml(raw.get()));
  }

  /** A connection reads as if it pointed at one fixed endpoint and project with one fixed CA. */
  @SuppressWarnings("unchecked")
  private static String connectionYaml(GenericKubernetesResource raw) {
    ((Map<String, Object>) raw.getAdditionalProperties().get("spec"))
        .put("caBundle", "(the simulator's CA certificate)");
    return CapturedTestdata.yaml(
        raw,
        Map.of(
            operator.simulator().url(),
            "https://127.0.0.1:8443",
            operator.simulator().config().projectId(),
            "0123456789abcdef0123456789abcdef"));
  }

  private static boolean conditionTrue(DliConnectionStatus status, String type) {
    return status != null
        && status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void compareWithCommitted(CapturedTestdata testdata) {
    compareWithCommitted(testdata, captured);
  }

  private static void compareWithCommitted(
      CapturedTestdata testdata, Map<String, String> captures) {
    StringBuilder drifted = new StringBuilder();
    captures.forEach(
        (name, text) -> {
          if (CapturedTestdata.UPDATE) {
            testdata.write(name, text);
          } else if (!text.equals(testdata.committed(name))) {
            drifted.append("\n--- ").append(name).append(".yaml now reads:\n").append(text);
          }
        });
    assertThat(drifted.toString())
        .as(
            "captures differ from the committed testdata in %s; if the change is meant,"
                + " run `make gitops-testdata` and review the diff",
            testdata.testdata)
        .isEmpty();
  }

  private void capture(String file, DliJob job, Predicate<DliJob> state) {
    GenericKubernetesResource raw =
        served("DliJob", job.getMetadata().getName(), DliJob.class, state);
    String jobId = typed(raw, DliJob.class).getStatus().getJobId();
    captured.put(
        file,
        CapturedTestdata.yaml(
            raw, jobId == null ? Map.of() : Map.of(jobId, CapturedTestdata.FIXED_JOB_ID)));
  }

  /**
   * Captures a suspended Flink DliJob; its numeric job ID and its savepoint's path (which holds the
   * ID and a time) read as fixed values.
   */
  private void captureSuspended(DliJob job) {
    GenericKubernetesResource raw =
        served("DliJob", job.getMetadata().getName(), DliJob.class, j -> phase(j, Phase.Suspended));
    DliJobStatus st = typed(raw, DliJob.class).getStatus();
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put(st.getSavepointPath(), "obs://simulated/savepoints/148/1764410400000");
    fixed.put(
        "jobId: " + st.getJobId() + "\n", "jobId: 148\n"); // the bare number may occur elsewhere
    captured.put("suspended", CapturedTestdata.yaml(raw, fixed));
  }

  /** Captures a DliCronJob that has no run. */
  private DliCronJob captureCron(String name, Predicate<DliCronJob> state) {
    return captureCron(name, null, state);
  }

  /** Captures a DliCronJob whose runs are of this slot: their names read as of the fixed time. */
  private DliCronJob captureCron(String name, Instant slot, Predicate<DliCronJob> state) {
    GenericKubernetesResource raw = served("DliCronJob", name, DliCronJob.class, state);
    DliCronJob cron = typed(raw, DliCronJob.class);
    Map<String, String> fixed = new LinkedHashMap<>();
    if (slot != null) {
      fixed.put(
          RunNames.forSlot(name, slot),
          RunNames.forSlot(name, Instant.parse(CapturedTestdata.FIXED_TIME)));
    }
    if (cron.getStatus() != null) {
      cron.getStatus().getActive().stream()
          .filter(run -> run.getJobId() != null)
          .forEach(run -> fixed.put(run.getJobId(), CapturedTestdata.FIXED_JOB_ID));
    }
    captured.put(name, CapturedTestdata.yaml(raw, fixed));
    return cron;
  }

  /** Waits until the object as the API server serves it is in that state, and returns it. */
  private static <T> GenericKubernetesResource served(
      String kind, String name, Class<T> type, Predicate<T> state) {
    AtomicReference<GenericKubernetesResource> raw = new AtomicReference<>();
    Wait.until(
        kind + " " + name + " in the state to capture",
        () -> {
          raw.set(
              operator
                  .client()
                  .genericKubernetesResources(DliJob.GROUP + "/" + DliJob.VERSION, kind)
                  .inNamespace(NAMESPACE)
                  .withName(name)
                  .get());
          return raw.get() != null && state.test(typed(raw.get(), type));
        });
    return raw.get();
  }

  private static <T> T typed(GenericKubernetesResource raw, Class<T> type) {
    return Serialization.jsonMapper().convertValue(raw, type);
  }

  /** Every day at 02:00 in Berlin, one run at a time. */
  private static void createCron(String name, String statement, Consumer<DliCronJobSpec> change) {
    operator
        .client()
        .resource(
            CronJobFixture.of("0 2 * * *", statement)
                .named(NAMESPACE, name)
                .with(
                    spec -> {
                      spec.setTimeZone("Europe/Berlin");
                      spec.setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
                      change.accept(spec);
                    })
                .build())
        .create();
  }

  private static NonNamespaceOperation<
          DliCronJob, KubernetesResourceList<DliCronJob>, Resource<DliCronJob>>
      crons() {
    return operator.client().resources(DliCronJob.class).inNamespace(NAMESPACE);
  }

  private static void waitForCron(String name, Predicate<DliCronJob> state) {
    crons()
        .withName(name)
        .waitUntilCondition(
            c -> c != null && state.test(c), Wait.BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  private static void patchCronSpec(String name, String specJson) {
    crons()
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
  }

  private static boolean observed(DliCronJob cron, long generation) {
    return cron.getStatus() != null
        && cron.getStatus().getObservedGeneration() != null
        && cron.getStatus().getObservedGeneration() == generation;
  }

  private static boolean runningWithJobId(DliCronJob cron) {
    return cron.getStatus() != null
        && cron.getStatus().getActive().size() == 1
        && cron.getStatus().getActive().get(0).getJobId() != null;
  }

  private static boolean lastRun(DliCronJob cron, Phase result) {
    return cron.getStatus() != null && cron.getStatus().getLastRunResult() == result;
  }

  private static SecretConnectionRef secret(String name) {
    SecretConnectionRef ref = new SecretConnectionRef();
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
    return job.getStatus() != null && stalled(job.getStatus().getConditions());
  }

  private static boolean stalled(DliCronJob cron) {
    return cron.getStatus() != null && stalled(cron.getStatus().getConditions());
  }

  private static boolean stalled(List<Condition> conditions) {
    return conditions.stream()
        .anyMatch(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
