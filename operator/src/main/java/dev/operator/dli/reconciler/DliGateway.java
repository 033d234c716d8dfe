package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.SparkJobSpec;
import dev.operator.dli.api.SqlJobSpec;
import dev.operator.dli.client.CancelAck;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
import dev.operator.dli.client.wire.FlinkJob;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SparkBatchRequest;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.client.wire.Tag;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.DliObservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The DLI calls that change or find one DliJob's SQL job, Spark batch or Flink job, in the
 * lifecycle's terms: each goes through the connection's scheduler and answers with a future whose
 * failures are results, not exceptions. A SQL job is correlated with its resource by the tag {@code
 * dli-operator-uid=<uid>}; a Spark batch, which has no tags, by its name {@code <name>-<uid>}; a
 * Flink job by both (its list shows no tags).
 *
 * <p>A Flink job is submitted in two calls, create and run. The submit looks for the job first and
 * runs a job it finds in job_init, so that a crash between any two steps neither creates a second
 * job nor leaves one unstarted; the job ID reaches the status only once the job runs.
 */
final class DliGateway {
  static final String CORRELATION_TAG = "dli-operator-uid";

  /** How far before the recorded submission time a lookup by tag searches, for clock skew. */
  private static final Duration LOOKUP_SLACK = Duration.ofMinutes(10);

  private static final int MAX_BATCH_NAME = 128;

  /** How a submit ended, and when it went out. */
  sealed interface Submission {
    Instant sentAt();

    record Submitted(String jobId, String queue, Instant sentAt) implements Submission {}

    record SubmitFailed(DliObservation.Failed failure, Instant sentAt) implements Submission {}
  }

  /** How a lookup of an unconfirmed submission ended: the job found (or none), or why it failed. */
  sealed interface Lookup {
    record Looked(Optional<String> jobId) implements Lookup {}

    record LookupFailed(DliObservation.Failed failure) implements Lookup {}
  }

  private final DliClient client;
  private final ConnectionScheduler scheduler;
  private final Clock clock;
  private final DliJobSpec spec;
  private final String uid;
  private final String resourceName;

  DliGateway(DliClient client, ConnectionScheduler scheduler, Clock clock, DliJob job) {
    this.client = client;
    this.scheduler = scheduler;
    this.clock = clock;
    this.spec = job.getSpec();
    this.uid = job.getMetadata().getUid();
    this.resourceName = job.getMetadata().getName();
  }

  JobKind kind() {
    return JobKind.of(spec);
  }

  CompletableFuture<Submission> submit() {
    return scheduler.schedule(
        ConnectionScheduler.Priority.SUBMIT,
        () -> {
          Instant sentAt = clock.instant();
          try {
            return switch (kind()) {
              case SPARK -> submitBatch(sentAt);
              case FLINK -> submitFlink(sentAt);
              case SQL -> submitSql(sentAt);
            };
          } catch (DliException e) {
            return new Submission.SubmitFailed(Observations.failed(e), sentAt);
          }
        });
  }

  private Submission submitSql(Instant sentAt) {
    SqlJobSpec sql = spec.getSql();
    List<Tag> tags = new ArrayList<>();
    sorted(spec.getTags()).forEach((k, v) -> tags.add(new Tag(k, v)));
    tags.add(new Tag(CORRELATION_TAG, uid));
    List<String> conf = new ArrayList<>();
    sorted(sql.getConf()).forEach((k, v) -> conf.add(k + "=" + v));
    String jobId =
        client
            .submitSqlJob(
                new SubmitSqlJobRequest(
                    sql.getStatement(),
                    sql.getDatabase(),
                    sql.getQueue(),
                    sql.getCatalog(),
                    sql.getEngineType(),
                    conf,
                    tags))
            .jobId();
    return new Submission.Submitted(jobId, sql.getQueue(), sentAt);
  }

  private Submission submitBatch(Instant sentAt) {
    SparkJobSpec batch = spec.getSpark();
    SparkBatch created =
        client.createSparkBatch(
            new SparkBatchRequest(
                batch.getFile(),
                batch.getClassName(),
                batch.getQueue(),
                batchName(),
                batch.getArgs(),
                batch.getConf()));
    if (created.id() == null || created.id().isBlank()) {
      throw new DliException(
          ErrorClass.PERMANENT, 200, null, "DLI accepted the batch but returned no id", null, null);
    }
    return new Submission.Submitted(created.id(), batch.getQueue(), sentAt);
  }

  /**
   * The name of the DLI batch: the spec's name or the resource's, then the UID that makes it ours.
   */
  String batchName() {
    String base = spec.getSpark().getName() != null ? spec.getSpark().getName() : resourceName;
    int room = MAX_BATCH_NAME - uid.length() - 1;
    return (base.length() > room ? base.substring(0, room) : base) + "-" + uid;
  }

  /**
   * Finds the job an unconfirmed submission may have created; DLI filters loosely, so matches are
   * checked exactly.
   */
  CompletableFuture<Lookup> findSubmitted(Instant submittedAt) {
    return scheduler.schedule(
        ConnectionScheduler.Priority.SUBMIT,
        () -> {
          try {
            return new Lookup.Looked(
                switch (kind()) {
                  case SPARK -> findBatch();
                  case FLINK -> findFlinkJob().map(this::runIfCreated).map(String::valueOf);
                  case SQL -> findSqlJob(submittedAt);
                });
          } catch (DliException e) {
            return new Lookup.LookupFailed(Observations.failed(e));
          }
        });
  }

  private Optional<String> findBatch() {
    String name = batchName();
    return client.listSparkBatchesNamed(name).stream()
        .filter(b -> name.equals(b.name()))
        .min(Comparator.comparing(b -> b.createTime() == null ? Long.MAX_VALUE : b.createTime()))
        .map(SparkBatch::id);
  }

  private Optional<String> findSqlJob(Instant submittedAt) {
    ListSqlJobsQuery query =
        ListSqlJobsQuery.create().tag(CORRELATION_TAG, uid).order("start_time_asc");
    if (submittedAt != null) {
      query.start(submittedAt.minus(LOOKUP_SLACK).toEpochMilli());
    }
    return client.listAllSqlJobs(query).stream()
        .filter(job -> job.hasTag(CORRELATION_TAG, uid))
        .min(
            Comparator.comparing(job -> job.startTime() == null ? Long.MAX_VALUE : job.startTime()))
        .map(SqlJob::jobId);
  }

  /** Cancels the job; the answer is DLI's as it came. */
  CompletableFuture<CancelAnswer> cancel(String jobId) {
    return scheduler.schedule(
        ConnectionScheduler.Priority.CANCEL,
        () -> {
          try {
            CancelAck ack =
                switch (kind()) {
                  case SPARK -> client.cancelSparkBatch(jobId);
                  case FLINK -> client.stopFlinkJob(Long.parseLong(jobId), spec.savepointOnStop());
                  case SQL -> client.cancelSqlJob(jobId);
                };
            return new CancelAnswer.Accepted(ack.httpStatus(), ack.isSuccess(), ack.message());
          } catch (DliException e) {
            return Observations.of(e) instanceof DliObservation.NotFound missing
                ? new CancelAnswer.Unknown(missing)
                : new CancelAnswer.Refused(Observations.failed(e));
          }
        });
  }

  /** Deletes a Flink job's definition, so that nothing is left behind in DLI. */
  CompletableFuture<CancelAnswer> deleteDefinition(String jobId) {
    return scheduler.schedule(
        ConnectionScheduler.Priority.CANCEL,
        () -> {
          try {
            CancelAck ack = client.deleteFlinkJob(Long.parseLong(jobId));
            return new CancelAnswer.Accepted(ack.httpStatus(), ack.isSuccess(), ack.message());
          } catch (DliException e) {
            return Observations.of(e) instanceof DliObservation.NotFound missing
                ? new CancelAnswer.Unknown(missing)
                : new CancelAnswer.Refused(Observations.failed(e));
          }
        });
  }

  private Submission submitFlink(Instant sentAt) {
    String queue =
        spec.getFlinkSql() != null ? spec.getFlinkSql().getQueue() : spec.getFlinkJar().getQueue();
    Optional<FlinkJob> found = findFlinkJob();
    if (found.isPresent()) {
      return new Submission.Submitted(String.valueOf(runIfCreated(found.get())), queue, sentAt);
    }
    String name = FlinkRequests.jobName(resourceName, uid);
    List<Tag> tags = FlinkRequests.tags(spec.getTags(), uid);
    long jobId =
        spec.getFlinkSql() != null
            ? client.createFlinkSqlJob(FlinkRequests.sql(spec.getFlinkSql(), name, tags))
            : client.createFlinkJarJob(FlinkRequests.jar(spec.getFlinkJar(), name, tags));
    return new Submission.Submitted(String.valueOf(runCreated(jobId)), queue, sentAt);
  }

  /** Our Flink job: the one with our deterministic name (DLI filters names loosely). */
  private Optional<FlinkJob> findFlinkJob() {
    String name = FlinkRequests.jobName(resourceName, uid);
    return client
        .listAllFlinkJobs(Map.of("name", name, "tags", CORRELATION_TAG + "=" + uid))
        .stream()
        .filter(job -> name.equals(job.name()))
        .min(Comparator.comparing(job -> job.jobId()));
  }

  /** Runs a job that was created but not run (a crash or a lost answer came between). */
  private long runIfCreated(FlinkJob job) {
    return "job_init".equals(job.status()) ? runCreated(job.jobId()) : job.jobId();
  }

  /**
   * Runs a created job. The job exists whatever the run's fate: a failure may have taken effect, so
   * that a lookup finds the job and runs it if it must; a job DLI will not run is deleted, so that
   * nothing is left behind.
   */
  private long runCreated(long jobId) {
    try {
      client.runFlinkJob(jobId);
      return jobId;
    } catch (DliException e) {
      if (e.errorClass() == ErrorClass.PERMANENT) {
        deleteQuietly(jobId);
        throw e;
      }
      throw e.takenEffect();
    }
  }

  private void deleteQuietly(long jobId) {
    try {
      client.deleteFlinkJob(jobId);
    } catch (DliException e) {
      // The job stays in job_init, never run; the error that made us delete it is what counts.
    }
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return new TreeMap<>(map == null ? Map.of() : map);
  }
}
