package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * Checkpointing of a Flink job (DLI fields checkpoint_enabled, checkpoint_mode,
 * checkpoint_interval).
 */
public class FlinkCheckpoint {
  @JsonPropertyDescription("Take checkpoints (DLI's default false).")
  private Boolean enabled;

  @JsonPropertyDescription("ExactlyOnce (DLI's default) or AtLeastOnce.")
  private FlinkCheckpointMode mode;

  @Min(1)
  @JsonPropertyDescription("Seconds between checkpoints (DLI's default 10).")
  private Integer intervalSeconds;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public FlinkCheckpointMode getMode() {
    return mode;
  }

  public void setMode(FlinkCheckpointMode mode) {
    this.mode = mode;
  }

  public Integer getIntervalSeconds() {
    return intervalSeconds;
  }

  public void setIntervalSeconds(Integer intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }
}
