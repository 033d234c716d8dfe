package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of GET /v1.0/{project_id}/jobs; jobCount is the total of all pages. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqlJobPage(
    @JsonProperty("is_success") Boolean isSuccess,
    @JsonProperty("message") String message,
    @JsonProperty("job_count") Integer jobCount,
    @JsonProperty("jobs") List<SqlJob> jobs)
    implements DliResponse {

  public List<SqlJob> jobsOrEmpty() {
    return jobs == null ? List.of() : jobs;
  }
}
