package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator knows of a DliCronJob's runs; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DliCronJobStatus {
  @JsonPropertyDescription("The metadata.generation this status was computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription("The slot of the newest scheduled run (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("When the newest Succeeded run ended (RFC 3339).")
  private String lastSuccessfulTime;

  @JsonPropertyDescription(
      "How the newest run that ended ended: Succeeded, Failed or Cancelled (GitOps health reads"
          + " it: Degraded after a failed run).")
  private Phase lastRunResult;

  @JsonPropertyDescription("The name of the newest run that ended (a DliJob).")
  private String lastRunName;

  @JsonPropertyDescription(
      "The next slot (RFC 3339); absent while suspended or when the schedule never fires again.")
  private String nextScheduleTime;

  @JsonPropertyDescription(
      "Every slot up to this time (RFC 3339) was dealt with: run, skipped (Forbid) or missed.")
  private String slotsHandledUntil;

  @JsonPropertyDescription(
      "The value of the annotation dli.operator.dev/run-now that last started a run.")
  private String lastRunNow;

  @JsonPropertyDescription("The runs that have not ended.")
  private List<ActiveRun> active = new ArrayList<>();

  @JsonPropertyDescription("Ready, Reconciling and Stalled (kstatus conventions).")
  private List<Condition> conditions = new ArrayList<>();

  public Phase getLastRunResult() {
    return lastRunResult;
  }

  public void setLastRunResult(Phase lastRunResult) {
    this.lastRunResult = lastRunResult;
  }

  public String getLastRunName() {
    return lastRunName;
  }

  public void setLastRunName(String lastRunName) {
    this.lastRunName = lastRunName;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public String getSlotsHandledUntil() {
    return slotsHandledUntil;
  }

  public void setSlotsHandledUntil(String slotsHandledUntil) {
    this.slotsHandledUntil = slotsHandledUntil;
  }

  public String getLastRunNow() {
    return lastRunNow;
  }

  public void setLastRunNow(String lastRunNow) {
    this.lastRunNow = lastRunNow;
  }

  public List<ActiveRun> getActive() {
    return active;
  }

  public void setActive(List<ActiveRun> active) {
    this.active = active;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
