package dev.operator.dli.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.CancelSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateSqlJobResponse;
import com.huaweicloud.sdk.dli.v1.model.ListSqlJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.ListSqlJobsResponse;
import com.huaweicloud.sdk.dli.v1.model.ShowSqlJobStatusRequest;
import com.huaweicloud.sdk.dli.v1.model.ShowSqlJobStatusResponse;
import com.huaweicloud.sdk.dli.v1.model.Tag;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Huawei Cloud Java SDK, signing with AK/SK and verifying the simulator's certificate,
 * drives the simulator: proof that the simulator speaks DLI's real wire format and signature.
 */
class OfficialSdkAgainstSimulatorTest {
  private static DliSimulator simulator;
  private static DliClient sdk;

  @BeforeAll
  static void start() throws Exception {
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(100)));
    sdk = OfficialSdk.against(simulator);
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  private static String submit(String sql, String tagValue) {
    CreateSqlJobResponse response =
        sdk.createSqlJob(
            new CreateSqlJobRequest()
                .withBody(
                    new CreateSqlJobRequestBody()
                        .withSql(sql)
                        .withQueueName("default")
                        .withCurrentdb("analytics")
                        .withConf(List.of("spark.sql.shuffle.partitions=200"))
                        .withTags(
                            List.of(new Tag().withKey("dli-operator-uid").withValue(tagValue)))));
    assertThat(response.getIsSuccess()).isTrue();
    assertThat(response.getJobId()).isNotBlank();
    return response.getJobId();
  }

  private static ShowSqlJobStatusResponse status(String jobId) {
    return sdk.showSqlJobStatus(new ShowSqlJobStatusRequest().withJobId(jobId));
  }

  @Test
  void submitsReadsStatusAndFinishes() throws InterruptedException {
    String jobId = submit("select 1", "finish");
    ShowSqlJobStatusResponse first = status(jobId);
    assertThat(first.getIsSuccess()).isTrue();
    assertThat(first.getJobId()).isEqualTo(jobId);
    assertThat(first.getQueueName()).isEqualTo("default");
    assertThat(first.getJobType()).isEqualTo("QUERY");
    assertThat(first.getTags()).extracting(Tag::getValue).containsExactly("finish");
    assertThat(first.getStatus().getValue()).isIn("LAUNCHING", "RUNNING");
    await("the job finished")
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(jobId).getStatus().getValue().equals("FINISHED"));
  }

  @Test
  void listsWithFiltersAndPaging() {
    String marker = UUID.randomUUID().toString();
    String a = submit("select 'a' /* sim: run 1m */", marker);
    String b = submit("select 'b' /* sim: run 1m */", marker);
    ListSqlJobsResponse page1 =
        sdk.listSqlJobs(
            new ListSqlJobsRequest()
                .withTags("dli-operator-uid=" + marker)
                .withPageSize(1)
                .withCurrentPage(1)
                .withOrder(ListSqlJobsRequest.OrderEnum.START_TIME_ASC));
    ListSqlJobsResponse page2 =
        sdk.listSqlJobs(
            new ListSqlJobsRequest()
                .withTags("dli-operator-uid=" + marker)
                .withPageSize(1)
                .withCurrentPage(2)
                .withOrder(ListSqlJobsRequest.OrderEnum.START_TIME_ASC));
    assertThat(page1.getJobCount()).isEqualTo(2);
    assertThat(page1.getJobs()).hasSize(1);
    assertThat(page1.getJobs().get(0).getJobId()).isEqualTo(a);
    assertThat(page2.getJobs().get(0).getJobId()).isEqualTo(b);
    ListSqlJobsResponse running =
        sdk.listSqlJobs(
            new ListSqlJobsRequest()
                .withTags("dli-operator-uid=" + marker)
                .withJobStatus("RUNNING")
                .withQueueName("default")
                .withStart(0L)
                .withPageSize(100));
    assertThat(running.getJobs())
        .extracting(j -> j.getJobId())
        .allMatch(id -> id.equals(a) || id.equals(b));
  }

  @Test
  void cancelsARunningJobAndRefusesToCancelItAgainOnceEnded() throws InterruptedException {
    String jobId = submit("select 2 /* sim: run 10m */", "cancel");
    assertThat(sdk.cancelSqlJob(new CancelSqlJobRequest().withJobId(jobId)).getIsSuccess())
        .isTrue();
    await("the job cancelled")
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(jobId).getStatus().getValue().equals("CANCELLED"));
    assertThatThrownBy(() -> sdk.cancelSqlJob(new CancelSqlJobRequest().withJobId(jobId)))
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(400);
              assertThat(e.getErrorCode()).isEqualTo("DLI.0007");
            });
  }

  @Test
  void unknownJobIsDli0002AndAWrongSecretKeyIsRejectedBySignature() {
    assertThatThrownBy(() -> status(UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(400);
              assertThat(e.getErrorCode()).isEqualTo("DLI.0002");
            });
    DliClient wrongKey =
        DliClient.newBuilder()
            .withCredential(
                new BasicCredentials()
                    .withAk(simulator.config().accessKey())
                    .withSk("not-the-secret")
                    .withProjectId(simulator.config().projectId()))
            .withEndpoints(List.of(simulator.url()))
            .withHttpConfig(HttpConfig.getDefaultHttpConfig().withIgnoreSSLVerification(true))
            .build();
    assertThatThrownBy(() -> wrongKey.listSqlJobs(new ListSqlJobsRequest()))
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(401);
              assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
              assertThat(e.getErrorMsg())
                  .contains(
                      "canonicalRequest:GET|/v1.0/" + simulator.config().projectId() + "/jobs/|");
            });
  }
}
