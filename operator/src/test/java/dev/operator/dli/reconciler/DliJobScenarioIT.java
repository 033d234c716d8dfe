package dev.operator.dli.reconciler;

import static dev.operator.dli.testing.Scenario.condition;
import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.api.SecretConnectionRef;
import dev.operator.dli.client.Credentials;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliConnection;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.lifecycle.StallReason;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reconciler's scenarios, each on the real API server with the simulator behind it. */
class DliJobScenarioIT {
  @RegisterExtension static final OperatorUnderTest operator = new OperatorUnderTest();

  private Scenario scenario;
  private String namespace;

  @BeforeEach
  void namespace() {
    scenario = Scenario.inNewNamespace(operator, "scenario");
    namespace = scenario.namespace();
  }

  @AfterEach
  void clearFaults() {
    operator.simulator().faults().clear();
  }

  private long deletes(String jobId) {
    return scenario
        .sim()
        .journal()
        .count("DELETE", "/v1.0/" + scenario.sim().config().projectId() + "/jobs/" + jobId);
  }

  @Test
  void submitsOnceAndSucceeds() {
    DliJob created = scenario.create("succeeds", "insert into report select 1", spec -> {});
    DliJob done = scenario.waitFor("succeeds", job -> phase(job, Phase.Succeeded));
    assertThat(done.getStatus().getDliStatus()).isEqualTo("FINISHED");
    assertThat(done.getStatus().getJobType()).isEqualTo("INSERT");
    assertThat(done.getStatus().getQueue()).isEqualTo("default");
    assertThat(done.getStatus().getSubmittedAt()).isNotNull();
    assertThat(done.getStatus().getStartTime()).isNotNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    assertThat(done.getStatus().getDurationMillis()).isPositive();
    assertThat(done.getStatus().getObservedGeneration())
        .isEqualTo(done.getMetadata().getGeneration());
    assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(done, "Stalled").getStatus()).isEqualTo("False");
    assertThat(scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid()))
        .containsExactly(done.getStatus().getJobId());
    scenario.expectEvents("succeeds", EventReason.Submitted, EventReason.Succeeded);
    assertThat(
            operator
                .metrics()
                .find("dli.requests")
                .tags(
                    "method",
                    "POST",
                    "status",
                    "200",
                    "connection",
                    OperatorUnderTest.SYSTEM_NAMESPACE + "/" + OperatorUnderTest.DEFAULT_SECRET)
                .timer())
        .as("DLI requests are measured")
        .isNotNull()
        .satisfies(t -> assertThat(t.count()).isPositive());
  }

  @Test
  void aFailedJobIsStalledWithDlisMessage() {
    scenario.create("fails", "select 1 /* sim: fail after 300ms */", spec -> {});
    DliJob failed = scenario.waitFor("fails", job -> phase(job, Phase.Failed));
    assertThat(failed.getStatus().getMessage()).contains("DLI.0005");
    assertThat(condition(failed, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
    scenario.expectEvent(
        "fails",
        e ->
            e.getReason().equals(EventReason.Failed.name())
                && e.getType().equals("Warning")
                && e.getMessage().contains("DLI.0005"));
  }

  @Test
  void cancelsARunningJobWithExactlyOneDelete() {
    scenario.create("cancel-running", "select 1 /* sim: run 10m */", spec -> {});
    String jobId =
        scenario.waitFor("cancel-running", job -> phase(job, Phase.Running)).getStatus().getJobId();
    scenario.cancel("cancel-running");
    DliJob cancelled = scenario.waitFor("cancel-running", job -> phase(job, Phase.Cancelled));
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
    assertThat(cancelled.getStatus().getCancellation().getReason())
        .isEqualTo(CancelReason.Requested);
    assertThat(cancelled.getStatus().getCancellation().getAttempts()).isEqualTo(1);
    assertThat(cancelled.getStatus().getCancellation().getHttpStatus()).isEqualTo(200);
    assertThat(cancelled.getStatus().getCancellation().getIsSuccess()).isTrue();
    assertThat(condition(cancelled, "Ready").getStatus()).isEqualTo("True");
    assertThat(deletes(jobId)).isEqualTo(1);
    assertThat(scenario.sim().sqlJobStatus(jobId)).isEqualTo("CANCELLED");
    scenario.expectEvents("cancel-running", EventReason.CancelRequested, EventReason.Cancelled);
  }

  @Test
  void jobMetricsCountSubmissionsEndsAndCancels() {
    SimpleMeterRegistry metrics = operator.metrics();
    double submitted = counter(metrics, "dli.job.submissions", "result", "submitted");
    double cancelled = cancellations(metrics);
    long succeededRuns = timerCount(metrics, "dli.job.duration", "phase", "Succeeded");
    long lags = timerCount(metrics, "dli.job.status.lag");
    long cancelTimes = timerCount(metrics, "dli.job.cancel");

    scenario.create("metrics-succeeds", "insert into report select 1", spec -> {});
    scenario.create("metrics-cancelled", "select 1 /* sim: run 10m */", spec -> {});
    scenario.waitFor("metrics-cancelled", job -> phase(job, Phase.Running));
    // The gauge counts the operator's informer cache, which may see the status a moment later.
    Wait.until(
        "dli_jobs{phase=Running} counts the running job",
        () -> metrics.get("dli.jobs").tag("phase", "Running").gauge().value() >= 1);
    scenario.cancel("metrics-cancelled");
    scenario.waitFor("metrics-succeeds", job -> phase(job, Phase.Succeeded));
    scenario.waitFor("metrics-cancelled", job -> phase(job, Phase.Cancelled));

    // Counted right after the status write returns, which the watch may show a moment before.
    Wait.until(
        "the metrics count both jobs",
        () ->
            counter(metrics, "dli.job.submissions", "result", "submitted") >= submitted + 2
                && cancellations(metrics) >= cancelled + 1
                && timerCount(metrics, "dli.job.duration", "phase", "Succeeded") > succeededRuns
                && timerCount(metrics, "dli.job.status.lag") >= lags + 2
                && timerCount(metrics, "dli.job.cancel") > cancelTimes);
    assertThat(metrics.get("dli.job.submit").timer().max(TimeUnit.SECONDS))
        .as("created to job ID takes seconds here, not minutes")
        .isLessThan(OperatorUnderTest.WAIT.toSeconds());
    assertThat(metrics.get("dli.operator.build.info").gauge().getId().getTag("version"))
        .isNotBlank();
  }

  private static double counter(SimpleMeterRegistry metrics, String name, String... tags) {
    return metrics.get(name).tags(tags).counter().count();
  }

  private static double cancellations(SimpleMeterRegistry metrics) {
    return counter(metrics, "dli.job.cancellations", "reason", "Requested", "outcome", "Cancelled");
  }

  private static long timerCount(SimpleMeterRegistry metrics, String name, String... tags) {
    return metrics.get(name).tags(tags).timer().count();
  }

  @Test
  void theCancellationShowsDlisOwnAnswer() {
    scenario.create("cancel-202", "select 1 /* sim: run 10m */", spec -> {});
    String jobId =
        scenario.waitFor("cancel-202", job -> phase(job, Phase.Running)).getStatus().getJobId();
    scenario
        .sim()
        .faults()
        .add(
            FaultRule.of(FaultRule.Type.successStatus)
                .withStatus(202)
                .on("DELETE", "/jobs/" + jobId));
    scenario.cancel("cancel-202");
    DliJob cancelled = scenario.waitFor("cancel-202", job -> phase(job, Phase.Cancelled));
    assertThat(cancelled.getStatus().getCancellation().getHttpStatus())
        .as("DLI's status, not ours")
        .isEqualTo(202);
    assertThat(cancelled.getStatus().getCancellation().getIsSuccess()).isTrue();
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
  }

  @Test
  void cancelAfterTheJobFinishedIsAlreadyFinishedWithoutADelete() {
    scenario.create("cancel-late", "select 1 /* sim: run 200ms */", spec -> {});
    String jobId =
        scenario.waitFor("cancel-late", job -> phase(job, Phase.Succeeded)).getStatus().getJobId();
    scenario.cancel("cancel-late");
    DliJob after =
        scenario.waitFor("cancel-late", job -> job.getStatus().getCancellation() != null);
    assertThat(after.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.AlreadyFinished);
    assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(deletes(jobId)).isZero();
  }

  @Test
  void deletingARunningJobCancelsItAndRecordsAnEvent() {
    scenario.create("delete-running", "select 1 /* sim: run 10m */", spec -> {});
    String jobId =
        scenario.waitFor("delete-running", job -> phase(job, Phase.Running)).getStatus().getJobId();
    scenario.delete("delete-running");
    scenario.waitGone("delete-running");
    assertThat(deletes(jobId)).isEqualTo(1);
    assertThat(scenario.sim().sqlJobStatus(jobId)).isEqualTo("CANCELLED");
    scenario.expectEvent(
        "delete-running",
        e ->
            e.getReason().equals(EventReason.Cancelled.name())
                && e.getMessage().contains("ResourceDeleted"));
  }

  @Test
  void deletingAFinishedJobCallsNoDelete() {
    scenario.create("delete-finished", "select 1 /* sim: run 100ms */", spec -> {});
    String jobId =
        scenario
            .waitFor("delete-finished", job -> phase(job, Phase.Succeeded))
            .getStatus()
            .getJobId();
    scenario.delete("delete-finished");
    scenario.waitGone("delete-finished");
    assertThat(deletes(jobId)).isZero();
  }

  @Test
  void deletingWithOrphanLeavesTheJobRunning() {
    scenario.create(
        "orphan",
        "select 1 /* sim: run 10m */",
        spec -> spec.setDeletionPolicy(DeletionPolicy.Orphan));
    String jobId =
        scenario.waitFor("orphan", job -> phase(job, Phase.Running)).getStatus().getJobId();
    scenario.delete("orphan");
    scenario.waitGone("orphan");
    assertThat(deletes(jobId)).isZero();
    assertThat(scenario.sim().sqlJobStatus(jobId)).isEqualTo("RUNNING");
    scenario.expectEvents("orphan", EventReason.Orphaned);
  }

  @Test
  void deletingAJobDliDoesNotKnowReleasesWithNotFound() {
    String unknown = UUID.randomUUID().toString();
    scenario.create("unknown", DliJobFixture.adopting(unknown));
    DliJob seen = scenario.waitFor("unknown", job -> phase(job, Phase.Unknown));
    assertThat(condition(seen, "Stalled").getStatus()).isEqualTo("True");
    scenario.delete("unknown");
    scenario.waitGone("unknown");
    assertThat(deletes(unknown)).isZero();
    scenario.expectEvent(
        "unknown",
        e ->
            e.getReason().equals(EventReason.CancelFailed.name())
                && e.getMessage().contains("does not exist"));
  }

  @Test
  void deletionWaitsOutServerErrorsAndReleasesAfterRecovery() {
    scenario.create("delete-500", "select 1 /* sim: run 10m */", spec -> {});
    String jobId =
        scenario.waitFor("delete-500", job -> phase(job, Phase.Running)).getStatus().getJobId();
    String path = "/jobs/" + jobId;
    scenario
        .sim()
        .faults()
        .add(FaultRule.of(FaultRule.Type.error).withStatus(500).on("DELETE", path));
    scenario.delete("delete-500");
    Wait.until(
        "DELETE retried",
        () ->
            scenario.sim().journal().entries().stream()
                    .filter(
                        e ->
                            e.method().equals("DELETE")
                                && e.path().endsWith(path)
                                && e.status() == 500)
                    .count()
                >= 6);
    DliJob held =
        operator
            .client()
            .resources(DliJob.class)
            .inNamespace(namespace)
            .withName("delete-500")
            .get();
    assertThat(held).as("the finalizer holds while DLI fails").isNotNull();
    assertThat(held.getStatus().getCancellation().getOutcome()).isEqualTo(CancelOutcome.Pending);
    scenario.sim().faults().clear();
    scenario.waitGone("delete-500");
    assertThat(
            scenario.sim().journal().entries().stream()
                .filter(
                    e ->
                        e.method().equals("DELETE") && e.path().endsWith(path) && e.status() == 200)
                .count())
        .isEqualTo(1);
    assertThat(scenario.sim().sqlJobStatus(jobId)).isEqualTo("CANCELLED");
  }

  /** A long job on a Secret of its own, running; returns its job ID. */
  private String runningWithOwnSecret(String name, String secretName) {
    operator
        .client()
        .resource(
            operator.connectionSecret(namespace, secretName, scenario.sim().config().secretKey()))
        .create();
    scenario.create(
        name,
        "select 1 /* sim: run 10m */",
        spec -> {
          SecretConnectionRef ref = new SecretConnectionRef();
          ref.setSecretName(secretName);
          spec.setConnection(ref);
        });
    return scenario.waitFor(name, job -> phase(job, Phase.Running)).getStatus().getJobId();
  }

  private DliJob waitForStalled(String name, Predicate<Condition> matching) {
    return scenario.waitFor(
        name,
        job ->
            job.getStatus() != null
                && job.getStatus().getConditions().stream()
                    .anyMatch(
                        c ->
                            c.getType().equals("Stalled")
                                && c.getStatus().equals("True")
                                && matching.test(c)));
  }

  @Test
  void deletionWithRevokedCredentialsFinishesOnceTheSecretIsFixed() {
    String jobId = runningWithOwnSecret("revoked", "own-creds");
    operator
        .client()
        .resource(operator.connectionSecret(namespace, "own-creds", "revoked-secret-key"))
        .update();
    scenario.delete("revoked");
    DliJob stalled =
        waitForStalled(
            "revoked", c -> c.getReason().equals(StallReason.AuthenticationFailed.name()));
    assertThat(condition(stalled, "Stalled").getMessage())
        .contains("APIGW.0301")
        .doesNotContain("revoked-secret-key");
    assertThat(deletes(jobId)).as("nothing reached DLI's cancel yet").isZero();
    operator
        .client()
        .resource(
            operator.connectionSecret(namespace, "own-creds", scenario.sim().config().secretKey()))
        .update();
    scenario.waitGone("revoked");
    assertThat(scenario.sim().sqlJobStatus(jobId)).isEqualTo("CANCELLED");
  }

  @Test
  void aConnectionThatAnswersEveryCallWith429HoldsUpNoOtherConnection() {
    try (DliSimulator throttling =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofMinutes(10), Duration.ofMillis(200)))) {
      throttling.faults().add(FaultRule.of(FaultRule.Type.throttle));
      operator
          .client()
          .resource(TestSettings.simulatorSecret(throttling, namespace, "throttled"))
          .create();
      for (int i = 0; i < 5; i++) {
        scenario.create(
            "starved-" + i, "select 1", spec -> spec.setConnection(secret("throttled")));
      }
      Wait.until(
          "the throttled connection's budget learned the gateway's limit",
          () -> {
            var gauge =
                operator
                    .metrics()
                    .find("dli.connection.budget.requests.per.second")
                    .tag("connection", namespace + "/throttled")
                    .gauge();
            return gauge != null && gauge.value() < 10;
          });

      scenario.create("healthy", "select 1 /* sim: run 10m */", spec -> {});
      scenario.waitFor("healthy", job -> phase(job, Phase.Running));
      scenario.cancel("healthy");
      DliJob cancelled = scenario.waitFor("healthy", job -> phase(job, Phase.Cancelled));
      assertThat(cancelled.getStatus().getCancellation().getOutcome())
          .isEqualTo(CancelOutcome.Cancelled);

      DliJob starved =
          operator
              .client()
              .resources(DliJob.class)
              .inNamespace(namespace)
              .withName("starved-0")
              .get();
      assertThat(starved.getStatus().getJobId()).isNull();
      assertThat(throttling.journal().count("POST", "/v1.0/" + throttling.config().projectId()))
          .as("the starved jobs kept trying")
          .isPositive();
      assertThat(throttling.journal().entries()).allMatch(e -> e.status() == 429);
    }
  }

  private static SecretConnectionRef secret(String name) {
    SecretConnectionRef ref = new SecretConnectionRef();
    ref.setSecretName(name);
    return ref;
  }

  @Test
  void orphanIsTheWayOutWhenCredentialsAreGoneForGood() {
    String jobId = runningWithOwnSecret("lost", "lost-creds");
    var creds = operator.client().secrets().inNamespace(namespace).withName("lost-creds");
    Wait.until(
        "the Secret marked in use", () -> creds.get().hasFinalizer("dli.operator.dev/in-use"));
    // The in-use finalizer keeps a deleted Secret; only a human forcing it away loses it for good.
    creds.delete();
    creds.edit(
        s -> {
          s.getMetadata().setFinalizers(List.of());
          return s;
        });
    Wait.until("the Secret gone", () -> creds.get() == null);
    scenario.delete("lost");
    waitForStalled("lost", c -> c.getMessage().contains("not found"));
    scenario.patchSpec("lost", "{\"deletionPolicy\": \"Orphan\"}");
    scenario.waitGone("lost");
    assertThat(deletes(jobId)).isZero();
    scenario.expectEvents("lost", EventReason.Orphaned);
  }

  @Test
  void aPassedDeadlineCancelsWithDeadlineExceeded() {
    scenario.create(
        "deadline", "select 1 /* sim: run 10m */", spec -> spec.setActiveDeadlineSeconds(2L));
    DliJob cancelled = scenario.waitFor("deadline", job -> phase(job, Phase.Cancelled));
    assertThat(cancelled.getStatus().getCancellation().getReason())
        .isEqualTo(CancelReason.DeadlineExceeded);
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
    assertThat(condition(cancelled, "Stalled").getReason())
        .isEqualTo(StallReason.DeadlineExceeded.name());
    assertThat(condition(cancelled, "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void adoptsAnExistingJob() {
    String jobId;
    try (DliClient client =
        new DliClient(
            DliConnection.builder(
                    URI.create(scenario.sim().url()),
                    scenario.sim().config().projectId(),
                    new Credentials.AkSk(
                        scenario.sim().config().accessKey(),
                        scenario.sim().config().secretKey(),
                        null))
                .caBundle(scenario.sim().caPem())
                .build())) {
      jobId =
          client
              .submitSqlJob(
                  new SubmitSqlJobRequest(
                      "select 42 /* sim: run 1s */", null, "default", null, null, null, null))
              .jobId();
    }
    long submitsBefore =
        scenario
            .sim()
            .journal()
            .count("POST", "/v1.0/" + scenario.sim().config().projectId() + "/jobs/submit-job");
    scenario.create("adopt", DliJobFixture.adopting(jobId));
    DliJob done = scenario.waitFor("adopt", job -> phase(job, Phase.Succeeded));
    assertThat(done.getStatus().getJobId()).isEqualTo(jobId);
    scenario.expectEvents("adopt", EventReason.Adopted, EventReason.Succeeded);
    assertThat(
            scenario
                .sim()
                .journal()
                .count("POST", "/v1.0/" + scenario.sim().config().projectId() + "/jobs/submit-job"))
        .isEqualTo(submitsBefore);
  }

  @Test
  void ttlDeletesTheResourceAfterTheJobFinished() {
    scenario.create(
        "ttl", "select 1 /* sim: run 100ms */", spec -> spec.setTtlSecondsAfterFinished(1L));
    scenario.waitFor("ttl", job -> phase(job, Phase.Succeeded));
    scenario.waitGone("ttl");
  }

  @Test
  void ttlUnderGitOpsWarnsAndHoldsBackUnlessTheAnnotationAllowsIt() {
    Map<String, String> fluxLabel = Map.of("kustomize.toolkit.fluxcd.io/name", "jobs");
    DliJob heldJob =
        DliJobFixture.sql("select 1 /* sim: run 100ms */")
            .with(spec -> spec.setTtlSecondsAfterFinished(1L))
            .named(namespace, "ttl-held")
            .build();
    heldJob.getMetadata().setLabels(fluxLabel);
    operator.client().resource(heldJob).create();
    scenario.expectEvent(
        "ttl-held",
        e ->
            EventReason.TTLUnderGitOps.name().equals(e.getReason())
                && "Warning".equals(e.getType())
                && e.getMessage().contains("kustomize.toolkit.fluxcd.io/name"));
    scenario.waitFor("ttl-held", job -> phase(job, Phase.Succeeded));

    // Created after the held one finished, with the same TTL: once its TTL deleted it, the held
    // one's TTL has passed too.
    DliJob allowedJob =
        DliJobFixture.sql("select 1 /* sim: run 100ms */")
            .with(spec -> spec.setTtlSecondsAfterFinished(1L))
            .named(namespace, "ttl-allowed")
            .build();
    allowedJob.getMetadata().setLabels(fluxLabel);
    allowedJob.getMetadata().setAnnotations(Map.of("dli.operator.dev/ttl-under-gitops", "delete"));
    operator.client().resource(allowedJob).create();
    scenario.waitGone("ttl-allowed");
    assertThat(
            operator
                .client()
                .resources(DliJob.class)
                .inNamespace(namespace)
                .withName("ttl-held")
                .get())
        .as("the same TTL deleted the allowed one; the held one stays")
        .isNotNull();
    assertThat(scenario.events("ttl-allowed"))
        .noneMatch(e -> EventReason.TTLUnderGitOps.name().equals(e.getReason()));
  }

  @Test
  void aMissingOrMalformedSecretStallsWithAMessageThatNamesIt() {
    scenario.create(
        "no-secret",
        "select 1",
        spec -> {
          SecretConnectionRef ref = new SecretConnectionRef();
          ref.setSecretName("nope");
          spec.setConnection(ref);
        });
    DliJob stalled = waitForStalled("no-secret", c -> true);
    assertThat(condition(stalled, "Stalled").getMessage())
        .contains(namespace + "/nope")
        .contains("not found");
    Wait.until(
        "dli_jobs_stalled{reason=ConnectionInvalid} counts it",
        () ->
            operator
                    .metrics()
                    .get("dli.jobs.stalled")
                    .tag("reason", "ConnectionInvalid")
                    .gauge()
                    .value()
                >= 1);
    assertThat(stalled.getStatus().getJobId()).isNull();
    scenario.expectEvent(
        "no-secret",
        e ->
            e.getReason().equals(EventReason.Stalled.name())
                && e.getType().equals("Warning")
                && e.getMessage().contains(namespace + "/nope"));

    operator
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("half")
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(
                    Map.of("endpoint", scenario.sim().url(), "accessKey", "a", "secretKey", "b"))
                .build())
        .create();
    scenario.create(
        "half-secret",
        "select 1",
        spec -> {
          SecretConnectionRef ref = new SecretConnectionRef();
          ref.setSecretName("half");
          spec.setConnection(ref);
        });
    DliJob malformed = waitForStalled("half-secret", c -> true);
    assertThat(condition(malformed, "Stalled").getMessage()).contains("missing key projectId");

    // Other jobs are not affected.
    scenario.create("healthy", "select 1 /* sim: run 100ms */", spec -> {});
    scenario.waitFor("healthy", job -> phase(job, Phase.Succeeded));
  }

  @Test
  void aCrashBetweenSubmitAndStatusWriteNeverSubmitsTwice() {
    operator.onNextSubmit(
        () -> {
          throw new IllegalStateException("simulated crash after the submit call");
        });
    DliJob created = scenario.create("crash", "select 1 /* sim: run 500ms */", spec -> {});
    DliJob done = scenario.waitFor("crash", job -> phase(job, Phase.Succeeded));
    assertThat(scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid()))
        .containsExactly(done.getStatus().getJobId());
    scenario.expectEvent(
        "crash", e -> e.getMessage().contains("submitted before the operator stopped"));
  }

  /** The crash seam after the next submit call, with new jobs invisible to DLI's lists for 5 s. */
  private void crashAfterSubmitWhileTheListLags() {
    scenario.sim().faults().add(FaultRule.of(FaultRule.Type.listLag).withLatency(5000));
    operator.onNextSubmit(
        () -> {
          throw new IllegalStateException("simulated crash after the submit call");
        });
  }

  private List<String> jobsOf(DliJob created) {
    return scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid());
  }

  @Test
  void aCrashAfterSubmitWhileTheListLagsStillSubmitsOnce() {
    crashAfterSubmitWhileTheListLags();
    DliJob created = scenario.create("crash-lag", "select 1 /* sim: run 500ms */", spec -> {});
    scenario.waitFor(
        "crash-lag",
        job ->
            phase(job, Phase.Submitting) && job.getStatus().getMessage().contains("not confirmed"));
    DliJob done = scenario.waitFor("crash-lag", job -> phase(job, Phase.Succeeded));
    assertThat(jobsOf(created)).containsExactly(done.getStatus().getJobId());
    scenario.expectEvent(
        "crash-lag", e -> e.getMessage().contains("submitted before the operator stopped"));
  }

  /**
   * The API server can remove a DliJob whose finalizer it just accepted, when a delete races the
   * finalizer's patch (kubernetes/kubernetes#77988). Here the removal is made by hand while the
   * submit is under way: the DLI job that submit creates is cancelled all the same, also when the
   * first cancels fail.
   */
  @Test
  void aDliJobRemovedBeforeItsReleaseHasItsDliJobCancelled() {
    scenario.sim().faults().add(FaultRule.of(FaultRule.Type.submitDelay).withLatency(3000));
    // and its first two cancels fail as a server error: a cancel that may work later is tried again
    scenario.sim().faults().add(FaultRule.of(FaultRule.Type.error).on("DELETE", "/jobs/").times(2));
    DliJob created = scenario.create("removed-early", "select 1 /* sim: run 10m */", spec -> {});
    scenario.waitFor("removed-early", job -> phase(job, Phase.Submitting));
    scenario.delete("removed-early");
    operator
        .client()
        .resources(DliJob.class)
        .inNamespace(namespace)
        .withName("removed-early")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\": {\"finalizers\": null}}");
    scenario.waitGone("removed-early");
    Wait.until(
        "the DLI job of the removed DliJob is cancelled",
        () ->
            jobsOf(created).size() == 1
                && "CANCELLED".equals(scenario.sim().sqlJobStatus(jobsOf(created).get(0))));
    assertThat(deletes(jobsOf(created).get(0)))
        .as("two failed cancels, then one taken")
        .isEqualTo(3);
    scenario.expectEvents("removed-early", EventReason.RemovedBeforeRelease);
  }

  @Test
  void aCancelDuringAnUnconfirmedSubmissionCancelsTheJobOnceItIsListed() {
    crashAfterSubmitWhileTheListLags();
    DliJob created = scenario.create("crash-cancel", "select 1 /* sim: run 10m */", spec -> {});
    scenario.waitFor("crash-cancel", job -> phase(job, Phase.Submitting));
    scenario.cancel("crash-cancel");
    DliJob cancelled = scenario.waitFor("crash-cancel", job -> phase(job, Phase.Cancelled));
    assertThat(jobsOf(created)).containsExactly(cancelled.getStatus().getJobId());
    assertThat(scenario.sim().sqlJobStatus(cancelled.getStatus().getJobId()))
        .isEqualTo("CANCELLED");
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
    assertThat(deletes(cancelled.getStatus().getJobId())).isEqualTo(1);
  }

  @Test
  void aDeletionDuringAnUnconfirmedSubmissionCancelsTheJobOnceItIsListed() {
    crashAfterSubmitWhileTheListLags();
    DliJob created = scenario.create("crash-delete", "select 1 /* sim: run 10m */", spec -> {});
    scenario.waitFor("crash-delete", job -> phase(job, Phase.Submitting));
    scenario.delete("crash-delete");
    scenario.waitGone("crash-delete");
    List<String> jobs = jobsOf(created);
    assertThat(jobs).hasSize(1);
    assertThat(scenario.sim().sqlJobStatus(jobs.get(0))).isEqualTo("CANCELLED");
    scenario.expectEvent(
        "crash-delete",
        e ->
            e.getReason().equals(EventReason.Cancelled.name())
                && e.getMessage().contains("ResourceDeleted"));
  }

  @Test
  void aSubmitThatTheGatewayThrottledIsSubmittedAgainWithoutALookup() {
    scenario
        .sim()
        .faults()
        .add(FaultRule.of(FaultRule.Type.throttle).on("POST", "/submit-job").times(1));
    DliJob created =
        scenario.create("throttled-submit", "select 1 /* sim: run 200ms */", spec -> {});
    DliJob done = scenario.waitFor("throttled-submit", job -> phase(job, Phase.Succeeded));
    assertThat(jobsOf(created)).containsExactly(done.getStatus().getJobId());
    assertThat(
            scenario.sim().journal().entries().stream()
                .filter(
                    e ->
                        e.method().equals("GET")
                            && e.path().contains(created.getMetadata().getUid()))
                .count())
        .as("no lookup by tag")
        .isZero();
  }

  @Test
  void cancelBeforeAnythingRanSubmitsNothing() {
    DliJob created = scenario.create("cancel-first", "select 1", spec -> spec.setCancel(true));
    DliJob cancelled = scenario.waitFor("cancel-first", job -> phase(job, Phase.Cancelled));
    assertThat(cancelled.getStatus().getCancellation().getAttempts()).isZero();
    assertThat(scenario.sim().sqlJobsTagged("dli-operator-uid", created.getMetadata().getUid()))
        .isEmpty();
  }
}
