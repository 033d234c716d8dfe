package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** When a DliCronJob runs its template, and what it keeps. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DliCronJobSpec {
  @Required
  @Size(min = 1, max = 100)
  @ValidationRule(
      value = "!self.matches('^\\\\s*(CRON_)?TZ=')",
      message =
          "spec.schedule: a TZ= or CRON_TZ= prefix is not supported; set the zone in"
              + " spec.timeZone (e.g. timeZone: Europe/Berlin)")
  @JsonPropertyDescription(
      "Five-field cron (minute hour day-of-month month day-of-week, as batch/v1 CronJob), or"
          + " @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly. Evaluated in"
          + " spec.timeZone.")
  private String schedule;

  @Default("UTC")
  @Size(min = 1, max = 64)
  @JsonPropertyDescription(
      "The IANA time zone of the schedule (Europe/Berlin); UTC when omitted. A slot that a"
          + " daylight-saving change skips runs once, at the change; a slot that happens twice"
          + " runs once, the first time.")
  private String timeZone;

  @Default("Allow")
  @JsonPropertyDescription(
      "When a slot comes while a run is active: Allow (default) starts another, Forbid skips"
          + " the slot, Replace cancels the active runs (spec.cancel) and starts the new one.")
  private ConcurrencyPolicy concurrencyPolicy;

  @Min(1)
  @JsonPropertyDescription(
      "A slot whose run could not start within this many seconds (the operator was down, the"
          + " DliCronJob suspended) is missed, not run late. Without it the most recent missed"
          + " slot runs, however late.")
  private Long startingDeadlineSeconds;

  @Default("false")
  @JsonPropertyDescription(
      "true starts no scheduled runs; active runs go on. When it goes back to false, the most"
          + " recent missed slot runs (within startingDeadlineSeconds when set).")
  private Boolean suspend;

  @Min(0)
  @Default("3")
  @JsonPropertyDescription("How many Succeeded runs to keep (default 3); older ones are deleted.")
  private Integer successfulJobsHistoryLimit;

  @Min(0)
  @Default("1")
  @JsonPropertyDescription(
      "How many Failed or Cancelled runs to keep (default 1); older ones are deleted.")
  private Integer failedJobsHistoryLimit;

  @Required
  @JsonPropertyDescription(
      "The DliJob each run is, named <name>-<slot in minutes since the epoch> (a run-now:"
          + " <name>-now-<hash of the annotation's value>).")
  private DliJobTemplate jobTemplate;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
    this.concurrencyPolicy = concurrencyPolicy;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Integer getSuccessfulJobsHistoryLimit() {
    return successfulJobsHistoryLimit;
  }

  public void setSuccessfulJobsHistoryLimit(Integer successfulJobsHistoryLimit) {
    this.successfulJobsHistoryLimit = successfulJobsHistoryLimit;
  }

  public Integer getFailedJobsHistoryLimit() {
    return failedJobsHistoryLimit;
  }

  public void setFailedJobsHistoryLimit(Integer failedJobsHistoryLimit) {
    this.failedJobsHistoryLimit = failedJobsHistoryLimit;
  }

  public DliJobTemplate getJobTemplate() {
    return jobTemplate;
  }

  public void setJobTemplate(DliJobTemplate jobTemplate) {
    this.jobTemplate = jobTemplate;
  }

  public String effectiveTimeZone() {
    return timeZone == null ? "UTC" : timeZone;
  }

  public ConcurrencyPolicy effectiveConcurrencyPolicy() {
    return concurrencyPolicy == null ? ConcurrencyPolicy.Allow : concurrencyPolicy;
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }

  public int effectiveSuccessfulJobsHistoryLimit() {
    return successfulJobsHistoryLimit == null ? 3 : successfulJobsHistoryLimit;
  }

  public int effectiveFailedJobsHistoryLimit() {
    return failedJobsHistoryLimit == null ? 1 : failedJobsHistoryLimit;
  }
}
