package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer to creating a Flink job: {@code job.job_id} is an integer; the job is job_init. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlinkJobCreated(
    @JsonProperty("is_success") Boolean isSuccess,
    @JsonProperty("message") String message,
    @JsonProperty("job") Job job)
    implements DliResponse {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Job(
      @JsonProperty("job_id") Long jobId,
      @JsonProperty("status_name") String statusName,
      @JsonProperty("status_desc") String statusDesc) {}
}
