package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A run of a DliCronJob that has not ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActiveRun {
  @JsonPropertyDescription("The run's DliJob, in the DliCronJob's namespace.")
  private String name;

  @JsonPropertyDescription("The run's DLI job ID, once DLI accepted it.")
  private String jobId;

  public ActiveRun() {}

  public ActiveRun(String name, String jobId) {
    this.name = name;
    this.jobId = jobId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getJobId() {
    return jobId;
  }

  public void setJobId(String jobId) {
    this.jobId = jobId;
  }
}
