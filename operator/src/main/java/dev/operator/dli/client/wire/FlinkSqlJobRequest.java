package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of POST /v1.0/{project_id}/streaming/sql-jobs; creating does not start the job. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FlinkSqlJobRequest(
    @JsonProperty("name") String name,
    @JsonProperty("queue_name") String queueName,
    @JsonProperty("sql_body") String sqlBody,
    @JsonProperty("job_type") String jobType,
    @JsonProperty("cu_number") Integer cuNumber,
    @JsonProperty("parallel_number") Integer parallelNumber,
    @JsonProperty("manager_cu_number") Integer managerCuNumber,
    @JsonProperty("tm_cus") Integer tmCus,
    @JsonProperty("tm_slot_num") Integer tmSlotNum,
    @JsonProperty("checkpoint_enabled") Boolean checkpointEnabled,
    @JsonProperty("checkpoint_mode") Integer checkpointMode,
    @JsonProperty("checkpoint_interval") Integer checkpointInterval,
    @JsonProperty("restart_when_exception") Boolean restartWhenException,
    @JsonProperty("resume_checkpoint") Boolean resumeCheckpoint,
    @JsonProperty("obs_bucket") String obsBucket,
    @JsonProperty("log_enabled") Boolean logEnabled,
    @JsonProperty("idle_state_retention") Integer idleStateRetention,
    @JsonProperty("flink_version") String flinkVersion,
    @JsonProperty("runtime_config") String runtimeConfig,
    @JsonProperty("tags") List<Tag> tags) {}
