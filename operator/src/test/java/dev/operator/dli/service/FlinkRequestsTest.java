package dev.operator.dli.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkJarJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.StopFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.Tag;
import dev.operator.dli.api.FlinkCheckpoint;
import dev.operator.dli.api.FlinkCheckpointMode;
import dev.operator.dli.api.FlinkJarJobSpec;
import dev.operator.dli.api.FlinkSqlJobSpec;
import dev.operator.dli.client.wire.FlinkJobIds;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Our Flink create, run and stop bodies, written as the official SDK writes the same calls: the
 * same JSON on the wire.
 */
class FlinkRequestsTest {
  private static final String UID = "0f8b7a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private static JsonNode wire(Object body) {
    return JSON.valueToTree(body);
  }

  private static FlinkCheckpoint checkpoint() {
    FlinkCheckpoint checkpoint = new FlinkCheckpoint();
    checkpoint.setEnabled(true);
    checkpoint.setMode(FlinkCheckpointMode.AtLeastOnce);
    checkpoint.setIntervalSeconds(30);
    return checkpoint;
  }

  @Test
  void theNameFitsDlisLimitAndCarriesTheUid() {
    String name = Correlation.flinkJobName("a.very-long.resource-name-that-goes-on-and-on", UID);
    assertThat(name).hasSize(Correlation.MAX_FLINK_NAME).endsWith("-" + UID).doesNotContain(".");
    assertThat(Correlation.flinkJobName("orders", UID)).isEqualTo("orders-" + UID);
    String other = UUID.randomUUID().toString();
    assertThat(Correlation.flinkJobName("orders", other)).isNotEqualTo("orders-" + UID);
  }

  @Test
  void aSqlJobIsWrittenAsTheSdkWritesIt() {
    FlinkSqlJobSpec spec = new FlinkSqlJobSpec();
    spec.setStatement("insert into sink select * from orders");
    spec.setQueue("streaming");
    spec.setCuNumber(4);
    spec.setParallelNumber(2);
    spec.setManagerCuNumber(1);
    spec.setTmCus(2);
    spec.setTmSlotNum(2);
    spec.setCheckpoint(checkpoint());
    spec.setRestartWhenException(true);
    spec.setResumeCheckpoint(true);
    spec.setObsBucket("bucket");
    spec.setLogEnabled(true);
    spec.setFlinkVersion("1.15");
    spec.setIdleStateRetentionSeconds(7200);
    spec.setRuntimeConfig(Map.of("table.exec.state.ttl", "1h"));
    String name = Correlation.flinkJobName("orders", UID);

    CreateFlinkSqlJobRequestBody sdk =
        new CreateFlinkSqlJobRequestBody()
            .withName(name)
            .withQueueName("streaming")
            .withSqlBody("insert into sink select * from orders")
            .withJobType("flink_opensource_sql_job")
            .withCuNumber(4)
            .withParallelNumber(2)
            .withManagerCuNumber(1)
            .withTmCus(2)
            .withTmSlotNum(2)
            .withCheckpointEnabled(true)
            .withCheckpointMode(2)
            .withCheckpointInterval(30)
            .withRestartWhenException(true)
            .withResumeCheckpoint(true)
            .withObsBucket("bucket")
            .withLogEnabled(true)
            .withIdleStateRetention(7200)
            .withFlinkVersion("1.15")
            .withRuntimeConfig("[{\"key\":\"table.exec.state.ttl\",\"value\":\"1h\"}]")
            .withTags(
                List.of(
                    new Tag().withKey("team").withValue("data"),
                    new Tag().withKey("dli-operator-uid").withValue(UID)));

    assertThat(wire(FlinkRequests.sql(spec, name, Correlation.tags(Map.of("team", "data"), UID))))
        .isEqualTo(wire(sdk));
  }

  @Test
  void aJarJobIsWrittenAsTheSdkWritesIt() {
    FlinkJarJobSpec spec = new FlinkJarJobSpec();
    spec.setEntrypoint("obs://bucket/stream.jar");
    spec.setMainClass("com.example.Stream");
    spec.setArgs(List.of("--topic", "orders"));
    spec.setDependencyJars(List.of("obs://bucket/lib.jar"));
    spec.setDependencyFiles(List.of("obs://bucket/conf.properties"));
    spec.setQueue("streaming");
    spec.setCuNumber(2);
    spec.setCheckpoint(checkpoint());
    String name = Correlation.flinkJobName("stream", UID);

    CreateFlinkJarJobRequestBody sdk =
        new CreateFlinkJarJobRequestBody()
            .withName(name)
            .withQueueName("streaming")
            .withEntrypoint("obs://bucket/stream.jar")
            .withMainClass("com.example.Stream")
            .withEntrypointArgs("--topic orders")
            .withDependencyJars(List.of("obs://bucket/lib.jar"))
            .withDependencyFiles(List.of("obs://bucket/conf.properties"))
            .withCuNumber(2)
            .withRuntimeConfig(
                "[{\"key\":\"execution.checkpointing.interval\",\"value\":\"30s\"},"
                    + "{\"key\":\"execution.checkpointing.mode\",\"value\":\"AT_LEAST_ONCE\"}]")
            .withTags(List.of(new Tag().withKey("dli-operator-uid").withValue(UID)));

    assertThat(wire(FlinkRequests.jar(spec, name, Correlation.tags(null, UID))))
        .isEqualTo(wire(sdk));
  }

  @Test
  void runAndStopAreWrittenAsTheSdkWritesThem() {
    assertThat(wire(FlinkJobIds.run(148)))
        .isEqualTo(
            wire(
                new BatchRunFlinkJobsRequestBody()
                    .withJobIds(List.of(148L))
                    .withResumeSavepoint(false)));
    assertThat(wire(FlinkJobIds.stop(148, true)))
        .isEqualTo(
            wire(
                new StopFlinkJobsRequestBody()
                    .withJobIds(List.of(148L))
                    .withTriggerSavepoint(true)));
  }
}
