package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Spark batch as create and details describe it; state is starting, running, dead, success or
 * recovering.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SparkBatch(
    @JsonProperty("id") String id,
    @JsonProperty("appId") String appId,
    @JsonProperty("name") String name,
    @JsonProperty("owner") String owner,
    @JsonProperty("state") String state,
    @JsonProperty("queue") String queue,
    @JsonProperty("create_time") Long createTime,
    @JsonProperty("update_time") Long updateTime,
    @JsonProperty("duration") Long duration) {}
