package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of GET /v1.0/{project_id}/streaming/jobs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlinkJobPage(
    @JsonProperty("is_success") Boolean isSuccess,
    @JsonProperty("message") String message,
    @JsonProperty("job_list") JobList jobList)
    implements DliResponse {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record JobList(
      @JsonProperty("total_count") Long totalCount, @JsonProperty("jobs") List<FlinkJob> jobs) {}

  public List<FlinkJob> jobsOrEmpty() {
    return jobList == null || jobList.jobs() == null ? List.of() : jobList.jobs();
  }

  public Long totalCount() {
    return jobList == null ? null : jobList.totalCount();
  }
}
