package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator knows of the DLI job; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DliJobStatus {
  @JsonPropertyDescription("The metadata.generation this status was computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Pending, Submitting, Running, Cancelling, Suspending, Suspended, Succeeded, Failed,"
          + " Cancelled or Unknown.")
  private Phase phase;

  @JsonPropertyDescription("The DLI job ID.")
  private String jobId;

  @JsonPropertyDescription(
      "The raw DLI status (LAUNCHING, RUNNING, SCALING, FINISHED, FAILED, CANCELLED; Spark: starting, running, ...).")
  private String dliStatus;

  @JsonPropertyDescription("DLI's job type (QUERY, INSERT, DDL, ...).")
  private String jobType;

  @JsonPropertyDescription("The queue DLI runs the job on.")
  private String queue;

  @JsonPropertyDescription(
      "When the operator started the submission (RFC 3339); set before the submit call.")
  private String submittedAt;

  @JsonPropertyDescription("When DLI started the job (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the job ended (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Run time reported by DLI, in milliseconds.")
  private Long durationMillis;

  @JsonPropertyDescription(
      "Run time reported by DLI, as kubectl writes ages: 227ms, 5s, 2m5s, 1h2m, 3d4h (truncated).")
  private String duration;

  @JsonPropertyDescription("The last DLI message or error, human readable.")
  private String message;

  @JsonPropertyDescription(
      "The savepoint a suspended Flink job was stopped with (DLI's savepoint_path); a resume"
          + " runs the job from it.")
  private String savepointPath;

  @JsonPropertyDescription(
      "Flink jobs: since when DLI has shown the job starting (job_init or job_submitting) after"
          + " it was run (RFC 3339); absent once it runs. The operator's DLI_FLINK_START_TIMEOUT"
          + " after it, the DliJob is Stalled (reason FlinkStartTimeout).")
  private String startingSince;

  @JsonPropertyDescription(
      "Flink jobs: when the operator ran the suspended job again (RFC 3339), until DLI's status"
          + " shows the run; until then, for at most the operator's DLI_LOOKUP_SETTLE, a read that"
          + " still shows job_cancel_success is taken for DLI's lag, not for an end.")
  private String resumedAt;

  @JsonPropertyDescription("Present once a cancel was asked for.")
  private Cancellation cancellation;

  @JsonPropertyDescription(
      "One entry per DLI job this DliJob started, oldest first: the first submission and each"
          + " retry (spec.backoffLimit). Bounded to the last 10; olderAttempts counts the ones"
          + " dropped.")
  private List<Attempt> attempts;

  @JsonPropertyDescription("How many attempts older than the first entry of attempts were dropped.")
  private Integer olderAttempts;

  @JsonPropertyDescription(
      "While the DliJob waits between attempts: when the next attempt is submitted (RFC 3339).")
  private String nextAttemptAt;

  @JsonPropertyDescription(
      "When the first attempt was submitted (RFC 3339), once there is a retry:"
          + " spec.activeDeadlineSeconds counts from it.")
  private String firstSubmittedAt;

  @JsonPropertyDescription("Ready, Reconciling and Stalled (kstatus conventions).")
  private List<Condition> conditions = new ArrayList<>();

  // The wide view's Stalled column reads this: a printer column's JSONPath cannot ask for type
  // Stalled and status True at once (one comparison per filter, and no filter of a filtered list).
  @JsonPropertyDescription(
      "Why only a human can help: the Stalled condition's reason while it is True; absent otherwise.")
  private String stalledReason;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getJobId() {
    return jobId;
  }

  public void setJobId(String jobId) {
    this.jobId = jobId;
  }

  public String getDliStatus() {
    return dliStatus;
  }

  public void setDliStatus(String dliStatus) {
    this.dliStatus = dliStatus;
  }

  public String getJobType() {
    return jobType;
  }

  public void setJobType(String jobType) {
    this.jobType = jobType;
  }

  public String getQueue() {
    return queue;
  }

  public void setQueue(String queue) {
    this.queue = queue;
  }

  public String getSubmittedAt() {
    return submittedAt;
  }

  public void setSubmittedAt(String submittedAt) {
    this.submittedAt = submittedAt;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public Long getDurationMillis() {
    return durationMillis;
  }

  public void setDurationMillis(Long durationMillis) {
    this.durationMillis = durationMillis;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getSavepointPath() {
    return savepointPath;
  }

  public void setSavepointPath(String savepointPath) {
    this.savepointPath = savepointPath;
  }

  public String getResumedAt() {
    return resumedAt;
  }

  public void setResumedAt(String resumedAt) {
    this.resumedAt = resumedAt;
  }

  public String getStartingSince() {
    return startingSince;
  }

  public void setStartingSince(String startingSince) {
    this.startingSince = startingSince;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Cancellation getCancellation() {
    return cancellation;
  }

  public void setCancellation(Cancellation cancellation) {
    this.cancellation = cancellation;
  }

  public List<Attempt> getAttempts() {
    return attempts;
  }

  public void setAttempts(List<Attempt> attempts) {
    this.attempts = attempts;
  }

  public Integer getOlderAttempts() {
    return olderAttempts;
  }

  public void setOlderAttempts(Integer olderAttempts) {
    this.olderAttempts = olderAttempts;
  }

  public String getNextAttemptAt() {
    return nextAttemptAt;
  }

  public void setNextAttemptAt(String nextAttemptAt) {
    this.nextAttemptAt = nextAttemptAt;
  }

  public String getFirstSubmittedAt() {
    return firstSubmittedAt;
  }

  public void setFirstSubmittedAt(String firstSubmittedAt) {
    this.firstSubmittedAt = firstSubmittedAt;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getStalledReason() {
    return stalledReason;
  }

  public void setStalledReason(String stalledReason) {
    this.stalledReason = stalledReason;
  }
}
