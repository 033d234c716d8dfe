package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SparkBatchRequest;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.SqlJobPage;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.client.wire.SubmitSqlJobResponse;
import dev.operator.dli.client.wire.Tag;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.Wait;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our client against the simulator over HTTPS, trusting the simulator's certificate. */
class DliClientAgainstSimulatorTest {
  private static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2));
  private static DliSimulator simulator;
  private static DliClient client;
  private static String jobs;

  @BeforeAll
  static void start() {
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(100)));
    client = new DliClient(akSk(simulator.config().secretKey()).build());
    jobs = "/v1.0/" + simulator.config().projectId() + "/jobs";
  }

  @AfterAll
  static void stop() {
    client.close();
    simulator.close();
  }

  @BeforeEach
  @AfterEach
  void reset() {
    simulator.faults().clear();
    simulator.journal().clear();
  }

  private static DliConnection.Builder akSk(String secretKey) {
    SimulatorConfig c = simulator.config();
    return DliConnection.builder(
            URI.create(simulator.url()),
            c.projectId(),
            new Credentials.AkSk(c.accessKey(), secretKey, null))
        .caBundle(simulator.caPem())
        .retryPolicy(FAST)
        .requestsPerSecond(1000);
  }

  private static SubmitSqlJobResponse submit(String sql, String marker) {
    return client.submitSqlJob(
        new SubmitSqlJobRequest(
            sql,
            "analytics",
            "default",
            null,
            null,
            List.of("spark.sql.shuffle.partitions=200"),
            List.of(new Tag("dli-operator-uid", marker))));
  }

  @Test
  void submitsFollowsAndReadsDetails() throws InterruptedException {
    SubmitSqlJobResponse submitted = submit("insert into t select 1", "submit");
    assertThat(submitted.jobType()).isEqualTo("INSERT");
    SqlJob status = client.sqlJobStatus(submitted.jobId());
    assertThat(status.queueName()).isEqualTo("default");
    assertThat(status.hasTag("dli-operator-uid", "submit")).isTrue();
    Wait.until(
        "FINISHED", () -> client.sqlJobStatus(submitted.jobId()).status().equals("FINISHED"));
    assertThat(client.sqlJobDetail(submitted.jobId()).databaseName()).isEqualTo("analytics");
  }

  @Test
  void listsEveryPageWithFilters() {
    String marker = UUID.randomUUID().toString();
    for (int i = 0; i < 3; i++) {
      submit("select " + i + " /* sim: run 1m */", marker);
    }
    ListSqlJobsQuery query =
        ListSqlJobsQuery.create()
            .tag("dli-operator-uid", marker)
            .queueName("default")
            .sqlPattern("sim: run")
            .start(0)
            .order("start_time_asc");
    SqlJobPage page = client.listSqlJobs(query.copy().pageSize(2).currentPage(2));
    assertThat(page.jobCount()).isEqualTo(3);
    assertThat(page.jobs()).hasSize(1);
    List<SqlJob> all = client.listSqlJobs(query.copy().pageSize(100).currentPage(1)).jobs();
    assertThat(all).hasSize(3).allMatch(j -> j.hasTag("dli-operator-uid", marker));
    assertThat(simulator.journal().entries())
        .anyMatch(e -> e.path().contains("tags=dli-operator-uid%3D" + marker));
  }

  @Test
  void cancelsOnceAndThenDliRefusesAsPermanent() throws InterruptedException {
    String id = submit("select 1 /* sim: run 10m */", "cancel").jobId();
    assertThat(client.cancelSqlJob(id).isSuccess()).isTrue();
    Wait.until("CANCELLED", () -> client.sqlJobStatus(id).status().equals("CANCELLED"));
    assertThatThrownBy(() -> client.cancelSqlJob(id))
        .isInstanceOfSatisfying(
            DliException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.PERMANENT);
              assertThat(e.errorCode()).isEqualTo("DLI.0007");
              assertThat(e.httpStatus()).isEqualTo(400);
            });
    assertThat(simulator.journal().count("DELETE", jobs + "/" + id)).isEqualTo(2);
  }

  @Test
  void anUnknownJobIsNotFound() {
    assertThatThrownBy(() -> client.sqlJobStatus(UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(
            DliException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.NOT_FOUND);
              assertThat(e.errorCode()).isEqualTo("DLI.0002");
            });
  }

  @Test
  void sparkBatchesAreCreatedReadAndCancelled() throws InterruptedException {
    var batch =
        client.createSparkBatch(
            new SparkBatchRequest(
                "obs://bucket/app.jar",
                "com.example.Main",
                "default",
                "nightly /* sim: run 10m */",
                List.of("--day", "1"),
                Map.of("spark.executor.instances", "2")));
    assertThat(batch.state()).isEqualTo("starting");
    Wait.until(
        "running", () -> client.sparkBatchState(batch.id()).state().equalsIgnoreCase("running"));
    assertThat(client.listSparkBatches(Map.of("job_name", "nightly"), 0).sessionsOrEmpty())
        .extracting(b -> b.id())
        .contains(batch.id());
    assertThat(client.sparkBatch(batch.id()).createTime()).isPositive();
    client.cancelSparkBatch(batch.id());
    assertThat(client.sparkBatchState(batch.id()).state()).isEqualTo("dead");
  }

  @Test
  void aWrongSecretKeyIsAnAuthErrorThatNamesNoSecret() {
    try (DliClient wrong = new DliClient(akSk("wrong-secret-key").build())) {
      assertThatThrownBy(() -> wrong.listSqlJobs(ListSqlJobsQuery.create()))
          .isInstanceOfSatisfying(
              DliException.class,
              e -> {
                assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTH);
                assertThat(e.errorCode()).isEqualTo("APIGW.0301");
                assertThat(e.getMessage())
                    .doesNotContain("wrong-secret-key")
                    .doesNotContain(simulator.config().secretKey());
              });
    }
    assertThat(simulator.journal().count("GET", jobs))
        .as("auth errors are not retried")
        .isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedUntilTheyPass() {
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.error).withStatus(503).times(2).on("GET", "/jobs"));
    assertThat(client.listSqlJobs(ListSqlJobsQuery.create()).isSuccess()).isTrue();
    assertThat(simulator.journal().entries())
        .extracting(e -> e.status())
        .containsExactly(503, 503, 200);
  }

  @Test
  void persistentServerErrorsEndAsTransientAfterTheLastAttempt() {
    simulator.faults().add(FaultRule.of(FaultRule.Type.error).on("GET", "/jobs"));
    assertThatThrownBy(() -> client.listSqlJobs(ListSqlJobsQuery.create()))
        .isInstanceOfSatisfying(
            DliException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
              assertThat(e.httpStatus()).isEqualTo(500);
            });
    assertThat(simulator.journal().count("GET", jobs)).isEqualTo(FAST.maxAttempts());
  }

  @Test
  void throttlingIsRetriedWithAndWithoutRetryAfter() {
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.throttle).withRetryAfter(1).times(1).on("GET", "/jobs"));
    simulator.faults().add(FaultRule.of(FaultRule.Type.throttle).times(1).on("GET", "/jobs"));
    assertThat(client.listSqlJobs(ListSqlJobsQuery.create()).isSuccess()).isTrue();
    var entries = simulator.journal().entries();
    assertThat(entries).extracting(e -> e.status()).containsExactly(429, 429, 200);
    assertThat(Duration.between(entries.get(0).time(), entries.get(1).time()))
        .as("Retry-After: 1 was honoured")
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void droppedConnectionsAreTransientAndRetried() {
    simulator.faults().add(FaultRule.of(FaultRule.Type.drop).times(1).on("GET", "/jobs"));
    assertThat(client.listSqlJobs(ListSqlJobsQuery.create()).isSuccess()).isTrue();
    assertThat(simulator.journal().entries()).extracting(e -> e.status()).containsExactly(0, 200);
  }

  @Test
  void slowAnswersTimeOutAsTransient() throws InterruptedException {
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.latency).withLatency(1500).on("GET", "/jobs"));
    try (DliClient impatient =
        new DliClient(
            akSk(simulator.config().secretKey())
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .retryPolicy(RetryPolicy.NONE)
                .build())) {
      assertThatThrownBy(() -> impatient.listSqlJobs(ListSqlJobsQuery.create()))
          .isInstanceOfSatisfying(
              DliException.class,
              e -> {
                assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                assertThat(e.getMessage()).contains("did not answer");
              });
    }
    // The simulator still answers the abandoned request later; let it, so that no other test sees
    // it.
    Wait.until("the slow answer", () -> simulator.journal().count("GET", jobs) == 1);
  }

  @Test
  void isSuccessFalseOnHttp200IsAPermanentErrorWithDlisMessage() {
    simulator.faults().add(FaultRule.of(FaultRule.Type.notSuccess).times(1).on("DELETE", "/jobs"));
    String id = submit("select 1 /* sim: run 10m */", "not-success").jobId();
    assertThatThrownBy(() -> client.cancelSqlJob(id))
        .isInstanceOfSatisfying(
            DliException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.PERMANENT);
              assertThat(e.httpStatus()).isEqualTo(200);
              assertThat(e.getMessage()).contains("simulated failure");
            });
  }

  @Test
  void aTruncatedBodyIsAClearErrorNotANullPointer() {
    simulator.faults().add(FaultRule.of(FaultRule.Type.truncated).on("GET", "/status"));
    String id = submit("select 1", "truncated").jobId();
    assertThatThrownBy(() -> client.sqlJobStatus(id))
        .isInstanceOfSatisfying(
            DliException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
              assertThat(e.getMessage())
                  .contains("not the expected JSON")
                  .contains("{\"is_success\": tr");
            });
  }

  @Test
  void theSubmitPostIsNeverRetried() {
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.error).withStatus(502).on("POST", "/submit-job"));
    assertThatThrownBy(() -> submit("select 1", "no-retry"))
        .isInstanceOfSatisfying(
            DliException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT));
    simulator.faults().clear();
    simulator.faults().add(FaultRule.of(FaultRule.Type.drop).on("POST", "/submit-job"));
    assertThatThrownBy(() -> submit("select 1", "no-retry")).isInstanceOf(DliException.class);
    assertThat(simulator.journal().count("POST", jobs + "/submit-job")).isEqualTo(2);
  }

  /**
   * Whether a failed submit may have created a job decides between a lookup and submitting again.
   */
  @Test
  void aFailedSubmitSaysWhetherDliMayHaveTakenIt() throws Exception {
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.throttle).times(1).on("POST", "/submit-job"));
    assertThatThrownBy(() -> submit("select 1", "throttled"))
        .isInstanceOfSatisfying(
            DliException.class,
            e ->
                assertThat(e.mayHaveTakenEffect())
                    .as("a 429 was refused by the gateway")
                    .isFalse());
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.error).withStatus(502).times(1).on("POST", "/submit-job"));
    assertThatThrownBy(() -> submit("select 1", "bad-gateway"))
        .isInstanceOfSatisfying(
            DliException.class,
            e -> assertThat(e.mayHaveTakenEffect()).as("a 5xx may hide a created job").isTrue());
    simulator.faults().add(FaultRule.of(FaultRule.Type.drop).times(1).on("POST", "/submit-job"));
    assertThatThrownBy(() -> submit("select 1", "dropped"))
        .isInstanceOfSatisfying(
            DliException.class,
            e ->
                assertThat(e.mayHaveTakenEffect())
                    .as("a dropped connection may hide a created job")
                    .isTrue());

    simulator.faults().add(FaultRule.of(FaultRule.Type.submitDelay).withLatency(1000));
    try (DliClient impatient =
        new DliClient(
            akSk(simulator.config().secretKey())
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .build())) {
      assertThatThrownBy(
              () ->
                  impatient.submitSqlJob(
                      new SubmitSqlJobRequest(
                          "select 1",
                          null,
                          "default",
                          null,
                          null,
                          null,
                          List.of(new Tag("dli-operator-uid", "late-answer")))))
          .isInstanceOfSatisfying(
              DliException.class,
              e ->
                  assertThat(e.mayHaveTakenEffect())
                      .as("a timeout may hide a created job")
                      .isTrue());
    }
    assertThat(simulator.sqlJobsTagged("dli-operator-uid", "late-answer"))
        .as("the job exists all the same")
        .hasSize(1);
    // The simulator still answers the abandoned submit later; let it, so that no other test sees
    // it.
    Wait.until(
        "the late answer",
        () ->
            simulator.journal().entries().stream()
                .anyMatch(e -> e.method().equals("POST") && e.status() == 200));

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SimulatorConfig c = simulator.config();
    try (DliClient nowhere =
        new DliClient(
            DliConnection.builder(
                    URI.create("https://127.0.0.1:" + closedPort),
                    c.projectId(),
                    new Credentials.AkSk(c.accessKey(), c.secretKey(), null))
                .retryPolicy(RetryPolicy.NONE)
                .build())) {
      assertThatThrownBy(
              () ->
                  nowhere.submitSqlJob(
                      new SubmitSqlJobRequest("select 1", null, "default", null, null, null, null)))
          .isInstanceOfSatisfying(
              DliException.class,
              e ->
                  assertThat(e.mayHaveTakenEffect())
                      .as("a refused connection reached nobody")
                      .isFalse());
    }
  }

  @Test
  void theListLagHidesNewJobsFromListsOnly() throws InterruptedException {
    simulator.faults().add(FaultRule.of(FaultRule.Type.listLag).withLatency(400));
    String id = submit("select 1 /* sim: run 10m */", "lagging").jobId();
    ListSqlJobsQuery byTag = ListSqlJobsQuery.create().tag("dli-operator-uid", "lagging");
    assertThat(client.listSqlJobs(byTag).jobsOrEmpty()).as("not listed at once").isEmpty();
    assertThat(client.sqlJobStatus(id).status()).as("but readable by ID").isNotNull();
    Wait.until(
        "listed after the lag",
        () -> client.listSqlJobs(byTag).jobsOrEmpty().stream().anyMatch(j -> j.jobId().equals(id)));
  }

  @Test
  void withoutTheSimulatorsCaTheCertificateIsRefused() {
    SimulatorConfig c = simulator.config();
    DliConnection untrusted =
        DliConnection.builder(
                URI.create(simulator.url()),
                c.projectId(),
                new Credentials.AkSk(c.accessKey(), c.secretKey(), null))
            .retryPolicy(RetryPolicy.NONE)
            .build();
    try (DliClient client = new DliClient(untrusted)) {
      assertThatThrownBy(() -> client.listSqlJobs(ListSqlJobsQuery.create()))
          .isInstanceOfSatisfying(
              DliException.class,
              e -> {
                assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTH);
                assertThat(e.getMessage()).contains("TLS").contains("caBundle");
              });
    }
  }

  @Test
  void plainHttpIsRefusedUnlessAllowed() {
    var keys = new Credentials.AkSk("ak", "sk", null);
    assertThatThrownBy(
            () -> DliConnection.builder(URI.create("http://dli.example.com"), "p", keys).build())
        .hasMessageContaining("allowInsecureHttp");
    assertThat(
            DliConnection.builder(URI.create("http://dli.example.com"), "p", keys)
                .allowInsecureHttp(true)
                .build()
                .endpoint()
                .getScheme())
        .isEqualTo("http");
  }

  @Test
  void iamTokensAreFetchedCachedAndRefreshedOnceAfterA401() {
    SimulatorConfig c = simulator.config();
    var password =
        new Credentials.IamPassword(
            URI.create(simulator.url()), c.iamDomain(), c.iamUser(), c.iamPassword());
    DliConnection iam =
        DliConnection.builder(URI.create(simulator.url()), c.projectId(), password)
            .caBundle(simulator.caPem())
            .retryPolicy(FAST)
            .build();
    try (DliClient tokenClient = new DliClient(iam)) {
      tokenClient.listSqlJobs(ListSqlJobsQuery.create());
      tokenClient.listSqlJobs(ListSqlJobsQuery.create());
      assertThat(simulator.journal().count("POST", "/v3/auth/tokens"))
          .as("token cached")
          .isEqualTo(1);
      simulator.revokeTokens();
      tokenClient.listSqlJobs(ListSqlJobsQuery.create());
      assertThat(simulator.journal().count("POST", "/v3/auth/tokens"))
          .as("refreshed after 401")
          .isEqualTo(2);
      assertThat(simulator.journal().count("GET", jobs)).isEqualTo(4);
    }
    var wrong =
        new Credentials.IamPassword(
            URI.create(simulator.url()), c.iamDomain(), c.iamUser(), "wrong-password");
    try (DliClient denied =
        new DliClient(
            DliConnection.builder(URI.create(simulator.url()), c.projectId(), wrong)
                .caBundle(simulator.caPem())
                .build())) {
      assertThatThrownBy(() -> denied.listSqlJobs(ListSqlJobsQuery.create()))
          .isInstanceOfSatisfying(
              DliException.class,
              e -> {
                assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTH);
                assertThat(e.getMessage())
                    .contains("The username or password is wrong")
                    .doesNotContain("wrong-password");
              });
    }
  }

  @Test
  void expiringTokensAreRefreshedBeforeTheyExpire() throws InterruptedException {
    SimulatorConfig c = simulator.config();
    simulator.setTokenLifetime(Duration.ofMillis(500));
    try (DliClient tokenClient =
        new DliClient(
            DliConnection.builder(
                    URI.create(simulator.url()),
                    c.projectId(),
                    new Credentials.IamPassword(
                        URI.create(simulator.url()), c.iamDomain(), c.iamUser(), c.iamPassword()))
                .caBundle(simulator.caPem())
                .build())) {
      tokenClient.listSqlJobs(ListSqlJobsQuery.create());
      // Past the token's whole life: the next call must fetch a new one first, not fail with 401.
      Wait.until("the first token expired", () -> simulator.validTokens() == 0);
      tokenClient.listSqlJobs(ListSqlJobsQuery.create());
    } finally {
      simulator.setTokenLifetime(Duration.ofHours(24));
    }
    assertThat(simulator.journal().entries())
        .extracting(e -> e.status())
        .containsExactly(201, 200, 201, 200);
  }
}
