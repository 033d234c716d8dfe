package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of a SQL job submission. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubmitSqlJobResponse(
    @JsonProperty("is_success") Boolean isSuccess,
    @JsonProperty("message") String message,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("job_type") String jobType,
    @JsonProperty("job_mode") String jobMode)
    implements DliResponse {}
