package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A Flink job as the detail API and each item of the list API describe it. Times are epoch ms. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlinkJob(
    @JsonProperty("job_id") Long jobId,
    @JsonProperty("name") String name,
    @JsonProperty("job_type") String jobType,
    @JsonProperty("status") String status,
    @JsonProperty("status_desc") String statusDesc,
    @JsonProperty("queue_name") String queueName,
    @JsonProperty("create_time") Long createTime,
    @JsonProperty("start_time") Long startTime,
    @JsonProperty("duration") Long duration,
    @JsonProperty("has_savepoint") Boolean hasSavepoint,
    @JsonProperty("savepoint_path") String savepointPath) {}
