package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of POST /v1.0/{project_id}/streaming/flink-jobs; creating does not start the job.
 * Checkpoints of a Jar job are the jar's own or come through runtime_config.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FlinkJarJobRequest(
    @JsonProperty("name") String name,
    @JsonProperty("queue_name") String queueName,
    @JsonProperty("entrypoint") String entrypoint,
    @JsonProperty("main_class") String mainClass,
    @JsonProperty("entrypoint_args") String entrypointArgs,
    @JsonProperty("dependency_jars") List<String> dependencyJars,
    @JsonProperty("dependency_files") List<String> dependencyFiles,
    @JsonProperty("cu_number") Integer cuNumber,
    @JsonProperty("parallel_number") Integer parallelNumber,
    @JsonProperty("manager_cu_number") Integer managerCuNumber,
    @JsonProperty("tm_cus") Integer tmCus,
    @JsonProperty("tm_slot_num") Integer tmSlotNum,
    @JsonProperty("restart_when_exception") Boolean restartWhenException,
    @JsonProperty("resume_checkpoint") Boolean resumeCheckpoint,
    @JsonProperty("obs_bucket") String obsBucket,
    @JsonProperty("log_enabled") Boolean logEnabled,
    @JsonProperty("flink_version") String flinkVersion,
    @JsonProperty("runtime_config") String runtimeConfig,
    @JsonProperty("tags") List<Tag> tags) {}
