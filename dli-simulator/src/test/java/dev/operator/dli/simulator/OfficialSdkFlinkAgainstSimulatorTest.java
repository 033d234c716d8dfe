package dev.operator.dli.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.BatchStopFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkJarJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkJarJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobResponse;
import com.huaweicloud.sdk.dli.v1.model.DeleteFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.FlinkJob;
import com.huaweicloud.sdk.dli.v1.model.FlinkSuccessResponse;
import com.huaweicloud.sdk.dli.v1.model.ListFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.StopFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.Tag;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Huawei Cloud Java SDK creates, runs, reads, lists, stops and deletes Flink jobs on
 * the simulator: proof that the simulator's Flink endpoints speak DLI's format (string is_success,
 * integer IDs, arrays from run and stop, DLI.16001 for an unknown job).
 */
class OfficialSdkFlinkAgainstSimulatorTest {
  private static DliSimulator simulator;
  private static DliClient sdk;

  @BeforeAll
  static void start() throws Exception {
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(200)));
    sdk = OfficialSdk.against(simulator);
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  private static FlinkJob show(long id) {
    return sdk.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
  }

  @Test
  void aFlinkSqlJobIsCreatedRunListedStoppedAndDeleted() {
    CreateFlinkSqlJobResponse created =
        sdk.createFlinkSqlJob(
            new CreateFlinkSqlJobRequest()
                .withBody(
                    new CreateFlinkSqlJobRequestBody()
                        .withName("sdk-orders")
                        .withQueueName("streaming")
                        .withSqlBody("insert into sink select * from orders")
                        .withCuNumber(2)
                        .withParallelNumber(1)
                        .withCheckpointEnabled(true)
                        .withCheckpointMode(1)
                        .withCheckpointInterval(30)
                        .withJobType("flink_opensource_sql_job")
                        .withTags(List.of(new Tag().withKey("dli-operator-uid").withValue("u1")))));
    assertThat(created.getIsSuccess()).isEqualTo("true");
    assertThat(created.getJob().getStatusName()).isEqualTo("job_init");
    long id = created.getJob().getJobId();
    assertThat(show(id).getStatus()).isEqualTo("job_init");

    List<FlinkSuccessResponse> run =
        sdk.batchRunFlinkJobs(
                new BatchRunFlinkJobsRequest()
                    .withBody(new BatchRunFlinkJobsRequestBody().withJobIds(List.of(id))))
            .getBody();
    assertThat(run).singleElement().satisfies(r -> assertThat(r.getIsSuccess()).isEqualTo("true"));
    await().atMost(Duration.ofSeconds(10)).until(() -> show(id).getStatus().equals("job_running"));
    assertThat(show(id).getStartTime()).isNotNull();

    List<FlinkJob> listed =
        sdk.listFlinkJobs(
                new ListFlinkJobsRequest().withName("sdk-orders").withTags("dli-operator-uid=u1"))
            .getJobList()
            .getJobs();
    assertThat(listed).extracting(FlinkJob::getJobId).containsExactly(id);
    assertThat(
            sdk.listFlinkJobs(new ListFlinkJobsRequest().withTags("dli-operator-uid=other"))
                .getJobList()
                .getTotalCount())
        .isZero();

    List<FlinkSuccessResponse> stopped =
        sdk.batchStopFlinkJobs(
                new BatchStopFlinkJobsRequest()
                    .withBody(
                        new StopFlinkJobsRequestBody()
                            .withJobIds(List.of(id))
                            .withTriggerSavepoint(true)))
            .getBody();
    assertThat(stopped)
        .singleElement()
        .satisfies(r -> assertThat(r.getIsSuccess()).isEqualTo("true"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> show(id).getStatus().equals("job_cancel_success"));
    assertThat(show(id).getHasSavepoint()).isTrue();

    assertThat(sdk.deleteFlinkJob(new DeleteFlinkJobRequest().withJobId(id)).getIsSuccess())
        .isEqualTo("true");
    assertThatThrownBy(() -> show(id))
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(400);
              assertThat(e.getErrorCode()).isEqualTo("DLI.16001");
            });
  }

  @Test
  void aFlinkJarJobFailsAsItsArgumentsAsk() {
    long id =
        sdk.createFlinkJarJob(
                new CreateFlinkJarJobRequest()
                    .withBody(
                        new CreateFlinkJarJobRequestBody()
                            .withName("sdk-jar")
                            .withQueueName("streaming")
                            .withEntrypoint("obs://bucket/stream.jar")
                            .withMainClass("com.example.Stream")
                            .withEntrypointArgs("--day 1 /* sim: fail after 200ms */")))
            .getJob()
            .getJobId();
    sdk.batchRunFlinkJobs(
        new BatchRunFlinkJobsRequest()
            .withBody(new BatchRunFlinkJobsRequestBody().withJobIds(List.of(id))));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> show(id).getStatus().equals("job_running_exception"));
    assertThat(show(id).getJobType()).isEqualTo("flink_jar_job");
  }
}
