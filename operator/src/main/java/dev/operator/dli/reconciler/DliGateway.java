package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.SparkJobSpec;
import dev.operator.dli.api.SqlJobSpec;
import dev.operator.dli.client.CancelAck;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
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
 * The DLI calls that change or find one DliJob's SQL job or Spark batch, in the lifecycle's terms:
 * each goes through the connection's scheduler and answers with a future whose failures are
 * results, not exceptions. A SQL job is correlated with its resource by the tag {@code
 * dli-operator-uid=<uid>}; a Spark batch, which has no tags, by its name {@code <name>-<uid>}.
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

  boolean spark() {
    return spec.getSpark() != null;
  }

  CompletableFuture<Submission> submit() {
    return scheduler.schedule(
        ConnectionScheduler.Priority.SUBMIT,
        () -> {
          Instant sentAt = clock.instant();
          try {
            return spark() ? submitBatch(sentAt) : submitSql(sentAt);
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
            return new Lookup.Looked(spark() ? findBatch() : findSqlJob(submittedAt));
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
            CancelAck ack = spark() ? client.cancelSparkBatch(jobId) : client.cancelSqlJob(jobId);
            return new CancelAnswer.Accepted(ack.httpStatus(), ack.isSuccess(), ack.message());
          } catch (DliException e) {
            return Observations.of(e) instanceof DliObservation.NotFound missing
                ? new CancelAnswer.Unknown(missing)
                : new CancelAnswer.Refused(Observations.failed(e));
          }
        });
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return new TreeMap<>(map == null ? Map.of() : map);
  }
}
