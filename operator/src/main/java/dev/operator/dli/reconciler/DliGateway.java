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
import dev.operator.dli.lifecycle.JobView;
import dev.operator.dli.lifecycle.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The DLI calls for one DliJob, SQL job or Spark batch, in the lifecycle's terms: failures become
 * observations, not exceptions. A SQL job is correlated with its resource by the tag {@code
 * dli-operator-uid=<uid>}; a Spark batch, which has no tags, by its name {@code <name>-<uid>}.
 */
final class DliGateway {
  static final String CORRELATION_TAG = "dli-operator-uid";

  /** How far before the recorded submission time a lookup by tag searches, for clock skew. */
  private static final Duration LOOKUP_SLACK = Duration.ofMinutes(10);

  private static final int MAX_BATCH_NAME = 128;

  /** How a submit ended. */
  sealed interface Submission {
    record Submitted(String jobId, String queue) implements Submission {}

    record SubmitFailed(DliObservation.Failed failure) implements Submission {}
  }

  /**
   * How a lookup of an unconfirmed submission ended: the job found (or none), or why the lookup
   * failed.
   */
  sealed interface Lookup {
    record Looked(Optional<String> jobId) implements Lookup {}

    record LookupFailed(DliObservation.Failed failure) implements Lookup {}
  }

  private final DliClient client;
  private final SqlJobListCache listCache;
  private final DliJobSpec spec;
  private final String uid;
  private final String resourceName;

  DliGateway(DliClient client, SqlJobListCache listCache, DliJob job) {
    this.client = client;
    this.listCache = listCache;
    this.spec = job.getSpec();
    this.uid = job.getMetadata().getUid();
    this.resourceName = job.getMetadata().getName();
  }

  private boolean spark() {
    return spec.getSpark() != null;
  }

  Submission submit() {
    try {
      return spark() ? submitBatch() : submitSql();
    } catch (DliException e) {
      return new Submission.SubmitFailed(failed(e));
    }
  }

  private Submission submitSql() {
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
    return new Submission.Submitted(jobId, sql.getQueue());
  }

  private Submission submitBatch() {
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
    return new Submission.Submitted(created.id(), batch.getQueue());
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
  Lookup findSubmitted(Instant submittedAt) {
    try {
      if (spark()) {
        String name = batchName();
        return new Lookup.Looked(
            client.listSparkBatchesNamed(name).stream()
                .filter(b -> name.equals(b.name()))
                .min(
                    Comparator.comparing(
                        b -> b.createTime() == null ? Long.MAX_VALUE : b.createTime()))
                .map(SparkBatch::id));
      }
      ListSqlJobsQuery query =
          ListSqlJobsQuery.create().tag(CORRELATION_TAG, uid).order("start_time_asc");
      if (submittedAt != null) {
        query.start(submittedAt.minus(LOOKUP_SLACK).toEpochMilli());
      }
      return new Lookup.Looked(
          client.listAllSqlJobs(query).stream()
              .filter(job -> job.hasTag(CORRELATION_TAG, uid))
              .min(
                  Comparator.comparing(
                      job -> job.startTime() == null ? Long.MAX_VALUE : job.startTime()))
              .map(SqlJob::jobId));
    } catch (DliException e) {
      return new Lookup.LookupFailed(failed(e));
    }
  }

  DliObservation status(String jobId) {
    try {
      if (spark()) {
        SparkBatch batch = client.sparkBatch(jobId);
        boolean ended = Lifecycle.phaseFromDli(batch.state(), false).isTerminal();
        return new DliObservation.Seen(
            new JobView(
                batch.state(),
                "SPARK",
                batch.queue(),
                batch.createTime(),
                batch.duration(),
                ended ? batch.updateTime() : null,
                null));
      }
      SqlJob job = listCache.lookup(jobId).orElseGet(() -> client.sqlJobStatus(jobId));
      return new DliObservation.Seen(
          new JobView(
              job.status(),
              job.jobType(),
              job.queueName(),
              job.startTime(),
              job.duration(),
              job.endTime(),
              job.message()));
    } catch (DliException e) {
      return observation(e);
    }
  }

  /** Cancels the job and returns DLI's answer as it came. */
  CancelAnswer cancel(String jobId) {
    try {
      CancelAck ack = spark() ? client.cancelSparkBatch(jobId) : client.cancelSqlJob(jobId);
      return new CancelAnswer.Accepted(ack.httpStatus(), ack.isSuccess(), ack.message());
    } catch (DliException e) {
      return observation(e) instanceof DliObservation.NotFound missing
          ? new CancelAnswer.Unknown(missing)
          : new CancelAnswer.Refused(failed(e));
    }
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return new TreeMap<>(map == null ? Map.of() : map);
  }

  static DliObservation observation(DliException e) {
    return switch (e.errorClass()) {
      case NOT_FOUND -> new DliObservation.NotFound(e.httpStatus(), e.errorCode(), e.dliMessage());
      default -> failed(e);
    };
  }

  static DliObservation.Failed failed(DliException e) {
    DliObservation.Kind kind =
        switch (e.errorClass()) {
          case TRANSIENT -> DliObservation.Kind.TRANSIENT;
          case AUTH -> DliObservation.Kind.AUTH;
          default -> DliObservation.Kind.PERMANENT;
        };
    return new DliObservation.Failed(
        kind, e.httpStatus(), e.errorCode(), e.getMessage(), e.mayHaveTakenEffect());
  }
}
