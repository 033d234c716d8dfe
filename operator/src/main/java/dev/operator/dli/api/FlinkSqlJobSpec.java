package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A DLI Flink SQL job (POST /v1.0/{project_id}/streaming/sql-jobs, then run): a streaming job that
 * runs until it is stopped.
 */
public class FlinkSqlJobSpec extends FlinkJobSettings {
  @Required
  @Size(min = 1)
  @JsonPropertyDescription("The Flink SQL statements (DLI field sql_body).")
  private String statement;

  @Default("flink_opensource_sql_job")
  @JsonPropertyDescription(
      "DLI's job type: flink_opensource_sql_job (default) or flink_sql_job (DLI field job_type).")
  private FlinkSqlJobType jobType;

  @Min(1)
  @JsonPropertyDescription(
      "How long idle state is kept, in seconds (DLI field idle_state_retention; DLI's default 3600).")
  private Integer idleStateRetentionSeconds;

  public String getStatement() {
    return statement;
  }

  public void setStatement(String statement) {
    this.statement = statement;
  }

  public FlinkSqlJobType getJobType() {
    return jobType;
  }

  public void setJobType(FlinkSqlJobType jobType) {
    this.jobType = jobType;
  }

  public Integer getIdleStateRetentionSeconds() {
    return idleStateRetentionSeconds;
  }

  public void setIdleStateRetentionSeconds(Integer idleStateRetentionSeconds) {
    this.idleStateRetentionSeconds = idleStateRetentionSeconds;
  }
}
