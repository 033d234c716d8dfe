package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A SQL job as the status API (and each item of the list API) describes it. Times are epoch ms. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqlJob(
    @JsonProperty("is_success") Boolean isSuccess,
    @JsonProperty("message") String message,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("job_type") String jobType,
    @JsonProperty("job_mode") String jobMode,
    @JsonProperty("queue_name") String queueName,
    @JsonProperty("owner") String owner,
    @JsonProperty("start_time") Long startTime,
    @JsonProperty("end_time") Long endTime,
    @JsonProperty("duration") Long duration,
    @JsonProperty("status") String status,
    @JsonProperty("database_name") String databaseName,
    @JsonProperty("statement") String statement,
    @JsonProperty("tags") List<Tag> tags)
    implements DliResponse {

  public boolean hasTag(String key, String value) {
    return tags != null
        && tags.stream().anyMatch(t -> key.equals(t.key()) && value.equals(t.value()));
  }

  public boolean hasTagKey(String key) {
    return tags != null && tags.stream().anyMatch(t -> key.equals(t.key()));
  }
}
