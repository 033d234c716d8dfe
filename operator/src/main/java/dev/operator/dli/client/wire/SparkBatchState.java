package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of GET /v2.0/{project_id}/batches/{batch_id}/state; compare the state case-insensitively.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SparkBatchState(@JsonProperty("id") String id, @JsonProperty("state") String state) {}
