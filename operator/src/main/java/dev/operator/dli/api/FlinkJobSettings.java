package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** What Flink SQL and Flink Jar jobs share: the queue, resources, checkpoints and restarts. */
public abstract class FlinkJobSettings {
  @Required
  @Pattern(SqlJobSpec.DLI_NAME)
  @Size(max = 128)
  @JsonPropertyDescription("DLI queue that runs the job (DLI field queue_name).")
  private String queue;

  @Min(1)
  @JsonPropertyDescription("Compute units of the job (DLI field cu_number; DLI's default 2).")
  private Integer cuNumber;

  @Min(1)
  @JsonPropertyDescription("Parallelism of the job (DLI field parallel_number; DLI's default 1).")
  private Integer parallelNumber;

  @Min(1)
  @JsonPropertyDescription("Compute units of the JobManager (DLI field manager_cu_number).")
  private Integer managerCuNumber;

  @Min(1)
  @JsonPropertyDescription("Compute units of each TaskManager (DLI field tm_cus).")
  private Integer tmCus;

  @Min(1)
  @JsonPropertyDescription("Slots of each TaskManager (DLI field tm_slot_num).")
  private Integer tmSlotNum;

  @JsonPropertyDescription("Checkpointing of the job.")
  private FlinkCheckpoint checkpoint;

  @JsonPropertyDescription(
      "Restart the job when it fails with an exception (DLI field restart_when_exception).")
  private Boolean restartWhenException;

  @JsonPropertyDescription(
      "When restarting after an exception, resume from the latest checkpoint (DLI field resume_checkpoint).")
  private Boolean resumeCheckpoint;

  @Size(max = 63)
  @JsonPropertyDescription("OBS bucket for checkpoints and job logs (DLI field obs_bucket).")
  private String obsBucket;

  @JsonPropertyDescription("Save the job's logs to obsBucket (DLI field log_enabled).")
  private Boolean logEnabled;

  @Size(max = 16)
  @JsonPropertyDescription("Flink version, e.g. 1.15 (DLI field flink_version).")
  private String flinkVersion;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Flink configuration for the run (DLI field runtime_config, sent as a JSON list of key/value).")
  private Map<String, String> runtimeConfig;

  public String getQueue() {
    return queue;
  }

  public void setQueue(String queue) {
    this.queue = queue;
  }

  public Integer getCuNumber() {
    return cuNumber;
  }

  public void setCuNumber(Integer cuNumber) {
    this.cuNumber = cuNumber;
  }

  public Integer getParallelNumber() {
    return parallelNumber;
  }

  public void setParallelNumber(Integer parallelNumber) {
    this.parallelNumber = parallelNumber;
  }

  public Integer getManagerCuNumber() {
    return managerCuNumber;
  }

  public void setManagerCuNumber(Integer managerCuNumber) {
    this.managerCuNumber = managerCuNumber;
  }

  public Integer getTmCus() {
    return tmCus;
  }

  public void setTmCus(Integer tmCus) {
    this.tmCus = tmCus;
  }

  public Integer getTmSlotNum() {
    return tmSlotNum;
  }

  public void setTmSlotNum(Integer tmSlotNum) {
    this.tmSlotNum = tmSlotNum;
  }

  public FlinkCheckpoint getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(FlinkCheckpoint checkpoint) {
    this.checkpoint = checkpoint;
  }

  public Boolean getRestartWhenException() {
    return restartWhenException;
  }

  public void setRestartWhenException(Boolean restartWhenException) {
    this.restartWhenException = restartWhenException;
  }

  public Boolean getResumeCheckpoint() {
    return resumeCheckpoint;
  }

  public void setResumeCheckpoint(Boolean resumeCheckpoint) {
    this.resumeCheckpoint = resumeCheckpoint;
  }

  public String getObsBucket() {
    return obsBucket;
  }

  public void setObsBucket(String obsBucket) {
    this.obsBucket = obsBucket;
  }

  public Boolean getLogEnabled() {
    return logEnabled;
  }

  public void setLogEnabled(Boolean logEnabled) {
    this.logEnabled = logEnabled;
  }

  public String getFlinkVersion() {
    return flinkVersion;
  }

  public void setFlinkVersion(String flinkVersion) {
    this.flinkVersion = flinkVersion;
  }

  public Map<String, String> getRuntimeConfig() {
    return runtimeConfig;
  }

  public void setRuntimeConfig(Map<String, String> runtimeConfig) {
    this.runtimeConfig = runtimeConfig;
  }
}
