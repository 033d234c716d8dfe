package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of GET /v1.0/{project_id}/streaming/jobs/{job_id}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlinkJobDetail(
    @JsonProperty("is_success") Boolean isSuccess,
    @JsonProperty("message") String message,
    @JsonProperty("job_detail") FlinkJob job)
    implements DliResponse {}
