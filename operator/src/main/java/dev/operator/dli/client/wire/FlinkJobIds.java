package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of the batch calls run ({@code resume_savepoint}) and stop ({@code trigger_savepoint}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlinkJobIds(
    @JsonProperty("job_ids") List<Long> jobIds,
    @JsonProperty("resume_savepoint") Boolean resumeSavepoint,
    @JsonProperty("trigger_savepoint") Boolean triggerSavepoint) {

  public static FlinkJobIds run(long jobId) {
    return run(jobId, false);
  }

  public static FlinkJobIds run(long jobId, boolean resumeSavepoint) {
    return new FlinkJobIds(List.of(jobId), resumeSavepoint, null);
  }

  public static FlinkJobIds stop(long jobId, boolean triggerSavepoint) {
    return new FlinkJobIds(List.of(jobId), null, triggerSavepoint);
  }
}
