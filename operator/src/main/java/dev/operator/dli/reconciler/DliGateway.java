package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.SqlJobSpec;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.StatusResponse;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.client.wire.SubmitSqlJobResponse;
import dev.operator.dli.client.wire.Tag;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The DLI calls the reconciler makes, in the lifecycle's terms: failures become observations, not exceptions. */
final class DliGateway {
  static final String CORRELATION_TAG = "dli-operator-uid";
  /** How far before the recorded submission time a lookup by tag searches, for clock skew. */
  private static final Duration LOOKUP_SLACK = Duration.ofMinutes(10);

  /** The answer to a submit: the job ID, or why there is none. */
  record Submission(String jobId, String queue, DliObservation.Failed failure) {}

  /** The answer to a cancel call: DLI's HTTP status and is_success, or why it failed. */
  record CancelAnswer(int httpStatus, Boolean isSuccess, DliObservation failure) {}

  /** A lookup by tag: the job found (or none), or why the lookup failed. */
  record Lookup(Optional<String> jobId, DliObservation.Failed failure) {}

  private final DliClient client;

  DliGateway(DliClient client) {
    this.client = client;
  }

  Submission submit(DliJobSpec spec, String uid) {
    SqlJobSpec sql = spec.getSql();
    List<Tag> tags = new ArrayList<>();
    new TreeMap<>(spec.getTags() == null ? Map.<String, String>of() : spec.getTags())
        .forEach((k, v) -> tags.add(new Tag(k, v)));
    tags.add(new Tag(CORRELATION_TAG, uid));
    List<String> conf = new ArrayList<>();
    new TreeMap<>(sql.getConf() == null ? Map.<String, String>of() : sql.getConf())
        .forEach((k, v) -> conf.add(k + "=" + v));
    try {
      SubmitSqlJobResponse response = client.submitSqlJob(new SubmitSqlJobRequest(sql.getStatement(), sql.getDatabase(),
          sql.getQueue(), sql.getCatalog(), sql.getEngineType(), conf, tags));
      return new Submission(response.jobId(), sql.getQueue(), null);
    } catch (DliException e) {
      return new Submission(null, null, failed(e));
    }
  }

  /** Finds the job that carries this resource's tag; DLI filters tags fuzzily, so the tags are checked exactly. */
  Lookup findByTag(String uid, Instant submittedAt) {
    try {
      ListSqlJobsQuery query = ListSqlJobsQuery.create().tag(CORRELATION_TAG, uid).order("start_time_asc");
      if (submittedAt != null) {
        query.start(submittedAt.minus(LOOKUP_SLACK).toEpochMilli());
      }
      return new Lookup(client.listAllSqlJobs(query).stream()
          .filter(job -> job.hasTag(CORRELATION_TAG, uid))
          .min(Comparator.comparing(job -> job.startTime() == null ? Long.MAX_VALUE : job.startTime()))
          .map(SqlJob::jobId), null);
    } catch (DliException e) {
      return new Lookup(Optional.empty(), failed(e));
    }
  }

  DliObservation status(String jobId) {
    try {
      SqlJob job = client.sqlJobStatus(jobId);
      return new DliObservation.Seen(new JobView(job.status(), job.jobType(), job.queueName(), job.startTime(),
          job.duration(), job.endTime(), job.message()));
    } catch (DliException e) {
      return observation(e);
    }
  }

  CancelAnswer cancel(String jobId) {
    try {
      StatusResponse response = client.cancelSqlJob(jobId);
      return new CancelAnswer(200, response.isSuccess() == null ? Boolean.TRUE : response.isSuccess(), null);
    } catch (DliException e) {
      return new CancelAnswer(e.httpStatus(), false, observation(e));
    }
  }

  static DliObservation observation(DliException e) {
    return switch (e.errorClass()) {
      case NOT_FOUND -> new DliObservation.NotFound(e.httpStatus(), e.errorCode(), e.dliMessage());
      default -> failed(e);
    };
  }

  static DliObservation.Failed failed(DliException e) {
    DliObservation.Kind kind = switch (e.errorClass()) {
      case TRANSIENT -> DliObservation.Kind.TRANSIENT;
      case AUTH -> DliObservation.Kind.AUTH;
      default -> DliObservation.Kind.PERMANENT;
    };
    return new DliObservation.Failed(kind, e.httpStatus(), e.errorCode(), e.getMessage());
  }
}
