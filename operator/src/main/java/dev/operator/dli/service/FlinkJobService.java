package dev.operator.dli.service;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
import dev.operator.dli.client.wire.FlinkJob;
import dev.operator.dli.client.wire.Tag;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.DefinitionDeletion;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Submission;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DliJob's Flink job, submitted in two calls, create and run. The submit looks for the job first
 * and runs a job it finds in job_init, so that a crash between any two steps neither creates a
 * second job nor leaves one unstarted; the job ID reaches the status only once the job runs.
 */
final class FlinkJobService extends JobService {
  FlinkJobService(DliClient client, Clock clock, DliJob job) {
    super(client, clock, job);
  }

  @Override
  public Submission submit(int attempt) {
    // A Flink job has one attempt (DLI restarts it), named and tagged as before retries.
    DliJobSpec spec = job.getSpec();
    String queue =
        spec.getFlinkSql() != null ? spec.getFlinkSql().getQueue() : spec.getFlinkJar().getQueue();
    return submitted(
        sentAt -> {
          Optional<FlinkJob> found = find();
          if (found.isPresent()) {
            return new Submission.Submitted(
                String.valueOf(runIfCreated(found.get())), queue, sentAt);
          }
          List<Tag> tags = Correlation.tags(spec.getTags(), uid());
          long jobId =
              spec.getFlinkSql() != null
                  ? client.createFlinkSqlJob(FlinkRequests.sql(spec.getFlinkSql(), name(), tags))
                  : client.createFlinkJarJob(FlinkRequests.jar(spec.getFlinkJar(), name(), tags));
          return new Submission.Submitted(String.valueOf(runCreated(jobId)), queue, sentAt);
        });
  }

  @Override
  public Lookup findSubmitted(Instant submittedAt, int attempt) {
    return looked(() -> find().map(this::runIfCreated).map(String::valueOf));
  }

  /** A stop, with a savepoint when the spec asks for one. */
  @Override
  public CancelAnswer cancel(String jobId) {
    return Observations.cancelAnswer(
        () -> client.stopFlinkJob(Long.parseLong(jobId), job.getSpec().savepointOnStop()));
  }

  @Override
  public DefinitionDeletion deleteDefinition(String jobId) {
    try {
      client.deleteFlinkJob(Long.parseLong(jobId));
      return new DefinitionDeletion.Deleted();
    } catch (DliException e) {
      return Observations.of(e) instanceof DliObservation.NotFound
          ? new DefinitionDeletion.Deleted()
          : new DefinitionDeletion.Refused(Observations.failed(e));
    }
  }

  /** Our Flink job: the one with our deterministic name (DLI filters names loosely). */
  private Optional<FlinkJob> find() {
    String name = name();
    return client
        .listAllFlinkJobs(Map.of("name", name, "tags", Correlation.TAG + "=" + uid()))
        .stream()
        .filter(found -> name.equals(found.name()))
        .min(Comparator.comparing(FlinkJob::jobId));
  }

  /** Runs a job that was created but not run (a crash or a lost answer came between). */
  private long runIfCreated(FlinkJob found) {
    return "job_init".equals(found.status()) ? runCreated(found.jobId()) : found.jobId();
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

  private String name() {
    return Correlation.flinkJobName(job.getMetadata().getName(), uid());
  }
}
