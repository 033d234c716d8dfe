package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How a cancel stops a Flink job. */
public class FlinkStop {
  @JsonPropertyDescription(
      "Take a savepoint before stopping (DLI field trigger_savepoint; default false).")
  private Boolean triggerSavepoint;

  public Boolean getTriggerSavepoint() {
    return triggerSavepoint;
  }

  public void setTriggerSavepoint(Boolean triggerSavepoint) {
    this.triggerSavepoint = triggerSavepoint;
  }
}
