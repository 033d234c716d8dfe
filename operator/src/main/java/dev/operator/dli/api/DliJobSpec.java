package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * What the user asks for. Submission fields are immutable: a new run is a new resource, so a spec
 * edit can never silently re-run a job. The rules are CEL, checked by the API server itself.
 */
@ValidationRule(
    value =
        "(has(self.sql) ? 1 : 0) + (has(self.spark) ? 1 : 0) + (has(self.flinkSql) ? 1 : 0)"
            + " + (has(self.flinkJar) ? 1 : 0) == 1"
            + " || (has(self.jobId) && !has(self.spark) && !has(self.flinkSql)"
            + " && !has(self.flinkJar))",
    message =
        "exactly one of spec.sql, spec.spark, spec.flinkSql or spec.flinkJar must be set"
            + " (spec.jobId alone adopts an existing SQL job)")
@ValidationRule(
    value =
        "!has(self.jobId) || !(has(self.flinkSql) || has(self.flinkJar))"
            + " || self.jobId.matches('^[0-9]+$')",
    message = "spec.jobId of a Flink job is DLI's numeric Flink job ID, such as \"148\"",
    fieldPath = ".jobId")
@ValidationRule(
    value =
        "!(has(self.flinkSql) || has(self.flinkJar)) || !has(self.tags)"
            + " || self.tags.all(k, size(k) <= 36 && size(self.tags[k]) <= 43)",
    message = "spec.tags of a Flink job: keys of at most 36 characters, values of at most 43",
    fieldPath = ".tags")
@ValidationRule(
    value = "has(self.sql) == has(oldSelf.sql) && (!has(self.sql) || self.sql == oldSelf.sql)",
    message = "spec.sql is immutable: create a new DliJob to run another statement",
    fieldPath = ".sql")
@ValidationRule(
    value =
        "has(self.spark) == has(oldSelf.spark) && (!has(self.spark) || self.spark == oldSelf.spark)",
    message = "spec.spark is immutable: create a new DliJob to run another batch",
    fieldPath = ".spark")
@ValidationRule(
    value =
        "has(self.flinkSql) == has(oldSelf.flinkSql)"
            + " && (!has(self.flinkSql) || self.flinkSql == oldSelf.flinkSql)",
    message = "spec.flinkSql is immutable: create a new DliJob to run another Flink SQL job",
    fieldPath = ".flinkSql")
@ValidationRule(
    value =
        "has(self.flinkJar) == has(oldSelf.flinkJar)"
            + " && (!has(self.flinkJar) || self.flinkJar == oldSelf.flinkJar)",
    message = "spec.flinkJar is immutable: create a new DliJob to run another Flink Jar job",
    fieldPath = ".flinkJar")
@ValidationRule(
    value =
        "has(self.connection) == has(oldSelf.connection)"
            + " && (!has(self.connection) || self.connection == oldSelf.connection)",
    message = "spec.connection is immutable",
    fieldPath = ".connection")
@ValidationRule(
    value =
        "has(self.connectionRef) == has(oldSelf.connectionRef)"
            + " && (!has(self.connectionRef) || self.connectionRef == oldSelf.connectionRef)",
    message = "spec.connectionRef is immutable",
    fieldPath = ".connectionRef")
@ValidationRule(
    value = "!(has(self.connection) && has(self.connectionRef))",
    message = "set spec.connectionRef or the deprecated spec.connection.secretName, not both",
    fieldPath = ".connection")
@ValidationRule(
    value =
        "has(self.jobId) == has(oldSelf.jobId) && (!has(self.jobId) || self.jobId == oldSelf.jobId)",
    message = "spec.jobId is immutable: it can only be set when the DliJob is created",
    fieldPath = ".jobId")
@ValidationRule(
    value = "has(self.tags) == has(oldSelf.tags) && (!has(self.tags) || self.tags == oldSelf.tags)",
    message = "spec.tags is immutable",
    fieldPath = ".tags")
@ValidationRule(
    value = "!has(oldSelf.cancel) || !oldSelf.cancel || (has(self.cancel) && self.cancel)",
    message = "spec.cancel is one-way: it cannot go back from true to false",
    fieldPath = ".cancel")
@ValidationRule(
    value =
        "!(has(self.flinkSql) || has(self.flinkJar)) || !has(self.backoffLimit)"
            + " || self.backoffLimit == 0",
    message =
        "spec.backoffLimit is for SQL jobs and Spark batches: DLI restarts a failed Flink job"
            + " itself, set restartWhenException in spec.flinkSql or spec.flinkJar instead",
    fieldPath = ".backoffLimit")
@ValidationRule(
    value = "!has(self.suspend) || !self.suspend || has(self.flinkSql) || has(self.flinkJar)",
    message =
        "spec.suspend is for Flink jobs (stop with a savepoint, resume from it): a SQL job or a"
            + " Spark batch cannot be suspended, cancel it instead",
    fieldPath = ".suspend")
public class DliJobSpec {
  @JsonPropertyDescription(
      "The DliConnection or ClusterDliConnection to run on; the operator's default connection (a"
          + " ClusterDliConnection) when omitted. Immutable.")
  private ConnectionRef connectionRef;

  @JsonPropertyDescription(
      "Deprecated, use connectionRef: a Secret with the DLI endpoint and credentials. Immutable.")
  private SecretConnectionRef connection;

  @JsonPropertyDescription(
      "A DLI SQL job. Exactly one of sql, spark, flinkSql, flinkJar. Immutable.")
  private SqlJobSpec sql;

  @JsonPropertyDescription(
      "A DLI Spark batch job. Exactly one of sql, spark, flinkSql, flinkJar. Immutable.")
  private SparkJobSpec spark;

  @JsonPropertyDescription(
      "A DLI Flink SQL streaming job: created, run, and stopped on cancel. Exactly one of sql,"
          + " spark, flinkSql, flinkJar. Immutable.")
  private FlinkSqlJobSpec flinkSql;

  @JsonPropertyDescription(
      "A DLI Flink Jar streaming job: created, run, and stopped on cancel. Exactly one of sql,"
          + " spark, flinkSql, flinkJar. Immutable.")
  private FlinkJarJobSpec flinkJar;

  @JsonPropertyDescription("How a cancel stops a Flink job.")
  private FlinkStop flinkStop;

  @Size(max = 20)
  @ValidationRule(
      value =
          "self.all(k, size(k) <= 128 && !k.startsWith('_sys_') && k != 'dli-operator-uid'"
              + " && k != 'dli-operator-attempt' && size(self[k]) <= 255)",
      message =
          "spec.tags: keys of at most 128 characters, not starting with _sys_ and not dli-operator-uid or "
              + "dli-operator-attempt (the operator's own tags); values of at most 255 characters")
  @JsonPropertyDescription(
      "Tags of the DLI job. The operator adds its own tags dli-operator-uid=<resource UID> and"
          + " dli-operator-attempt=<n>. Immutable.")
  private Map<String, String> tags;

  @Size(min = 1, max = 64)
  @JsonPropertyDescription(
      "Adopt this existing DLI job instead of submitting one: it is observed and can be cancelled"
          + " (a Flink job: stopped, and suspended), never submitted. Alone: a SQL job's ID; with"
          + " flinkSql or flinkJar: DLI's numeric Flink job ID, the Flink fields then not sent to"
          + " DLI. Only settable at creation.")
  private String jobId;

  @JsonPropertyDescription(
      "true cancels the DLI job (outcome in status.cancellation). One-way: it cannot go back to false.")
  private Boolean cancel;

  @JsonPropertyDescription(
      "Flink jobs only: true stops the job with a savepoint (phase Suspending, then Suspended"
          + " with the path in status.savepointPath; set at creation, nothing is submitted until"
          + " it is false); false again runs the same DLI job from its latest savepoint."
          + " spec.cancel stays final: a suspended job that is cancelled is not run again.")
  private Boolean suspend;

  @Default("Cancel")
  @JsonPropertyDescription(
      "What deleting this resource does to a DLI job that has not ended: Cancel (default) "
          + "cancels it first, Orphan leaves it running.")
  private DeletionPolicy deletionPolicy;

  @Min(1)
  @JsonPropertyDescription(
      "Cancel the job, with reason DeadlineExceeded, when it runs longer than this many seconds "
          + "after submission.")
  private Long activeDeadlineSeconds;

  @Min(0)
  @Default("0")
  @JsonPropertyDescription(
      "How many times a failed SQL job or Spark batch is submitted again, each time as a new DLI"
          + " job; 0 (default) never. The back-off starts at 10 s and doubles up to 6 minutes;"
          + " activeDeadlineSeconds counts from the first attempt. Not for Flink jobs: DLI"
          + " restarts them itself (restartWhenException).")
  private Integer backoffLimit;

  @Min(0)
  @JsonPropertyDescription(
      "Delete this resource this many seconds after the job ended. Off when omitted. "
          + "GitOps tools may re-create (and so re-run) a deleted resource: use with care there.")
  private Long ttlSecondsAfterFinished;

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  public SecretConnectionRef getConnection() {
    return connection;
  }

  public void setConnection(SecretConnectionRef connection) {
    this.connection = connection;
  }

  public SqlJobSpec getSql() {
    return sql;
  }

  public void setSql(SqlJobSpec sql) {
    this.sql = sql;
  }

  public SparkJobSpec getSpark() {
    return spark;
  }

  public void setSpark(SparkJobSpec spark) {
    this.spark = spark;
  }

  public FlinkSqlJobSpec getFlinkSql() {
    return flinkSql;
  }

  public void setFlinkSql(FlinkSqlJobSpec flinkSql) {
    this.flinkSql = flinkSql;
  }

  public FlinkJarJobSpec getFlinkJar() {
    return flinkJar;
  }

  public void setFlinkJar(FlinkJarJobSpec flinkJar) {
    this.flinkJar = flinkJar;
  }

  public FlinkStop getFlinkStop() {
    return flinkStop;
  }

  public void setFlinkStop(FlinkStop flinkStop) {
    this.flinkStop = flinkStop;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public String getJobId() {
    return jobId;
  }

  public void setJobId(String jobId) {
    this.jobId = jobId;
  }

  public Boolean getCancel() {
    return cancel;
  }

  public void setCancel(Boolean cancel) {
    this.cancel = cancel;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  /** Whether the user asks for this Flink job to be suspended. */
  public boolean suspendRequested() {
    return Boolean.TRUE.equals(suspend);
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  /** How many retries a failed job gets: spec.backoffLimit, 0 when absent. */
  public int effectiveBackoffLimit() {
    return backoffLimit == null ? 0 : backoffLimit;
  }

  public Long getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }

  /** Whether this is a Flink job (SQL or Jar). */
  public boolean runsFlink() {
    return flinkSql != null || flinkJar != null;
  }

  /** Whether a cancel of this Flink job takes a savepoint first. */
  public boolean savepointOnStop() {
    return flinkStop != null && Boolean.TRUE.equals(flinkStop.getTriggerSavepoint());
  }

  public boolean cancelRequested() {
    return Boolean.TRUE.equals(cancel);
  }

  public DeletionPolicy effectiveDeletionPolicy() {
    return deletionPolicy == null ? DeletionPolicy.Cancel : deletionPolicy;
  }
}
