package dev.operator.dli.service;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
import dev.operator.dli.client.wire.FlinkJob;
import dev.operator.dli.client.wire.FlinkJobPage;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.DefinitionDeletion;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Submission;
import dev.operator.dli.lifecycle.Suspension;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A DliJob's Flink job, submitted in two requests, create and then run; the job ID reaches the
 * status only once the job runs. A crash or a lost answer between the two leaves the submission
 * unconfirmed, and its lookup finds the job and runs it when it is still in job_init, so that a
 * DliJob never has a second job nor one that never starts.
 */
final class FlinkJobService extends JobService {
  FlinkJobService(DliClient client, Clock clock, DliJob job) {
    super(client, clock, job);
  }

  /** Create, then run: no job of this resource can exist yet (the lifecycle looks otherwise). */
  @Override
  public Step<Submission> submit(int attempt) {
    // A Flink job has one attempt (DLI restarts it), named and tagged as before retries.
    DliJobSpec spec = job.getSpec();
    String queue =
        spec.getFlinkSql() != null ? spec.getFlinkSql().getQueue() : spec.getFlinkJar().getQueue();
    return submitting(
        sentAt -> {
          long jobId =
              spec.getFlinkSql() != null
                  ? client.createFlinkSqlJob(
                      FlinkRequests.sql(
                          spec.getFlinkSql(), name(), Correlation.tags(spec.getTags(), uid())))
                  : client.createFlinkJarJob(
                      FlinkRequests.jar(
                          spec.getFlinkJar(), name(), Correlation.tags(spec.getTags(), uid())));
          return run(
              jobId,
              () -> new Submission.Submitted(String.valueOf(jobId), queue, sentAt),
              e -> new Submission.Failed(Observations.failed(e), sentAt));
        });
  }

  /** Our job, by its deterministic name and tag; one still in job_init is run. */
  @Override
  public Step<Lookup> findSubmitted(Instant submittedAt, int attempt) {
    String name = name();
    return PagedList.read(
        offset -> {
          FlinkJobPage page =
              client.listFlinkJobs(
                  Map.of("name", name, "tags", Correlation.TAG + "=" + uid()), offset);
          return new PagedList.Page<>(page.jobsOrEmpty(), page.totalCount());
        },
        jobs -> {
          // DLI filters names loosely: ours is the one with exactly our name.
          Optional<FlinkJob> ours =
              jobs.stream()
                  .filter(found -> name.equals(found.name()))
                  .min(Comparator.comparing(FlinkJob::jobId));
          Lookup looked = new Lookup.Looked(ours.map(found -> String.valueOf(found.jobId())));
          return ours.isPresent() && "job_init".equals(ours.get().status())
              ? run(ours.get().jobId(), () -> looked, JobService::lookupFailed)
              : Step.done(looked);
        },
        JobService::lookupFailed);
  }

  /** A stop, with a savepoint when the spec asks for one. */
  @Override
  public CancelAnswer cancel(String jobId) {
    return Observations.cancelAnswer(
        () -> client.stopFlinkJob(Long.parseLong(jobId), job.getSpec().savepointOnStop()));
  }

  @Override
  public Suspension suspend(String jobId) {
    return new Suspension.Stop(
        Observations.cancelAnswer(() -> client.stopFlinkJob(Long.parseLong(jobId), true)));
  }

  /** The same DLI job, run from its latest savepoint. */
  @Override
  public Suspension resume(String jobId) {
    try {
      client.runFlinkJob(Long.parseLong(jobId), true);
      return new Suspension.Resume(null);
    } catch (DliException e) {
      return new Suspension.Resume(Observations.failed(e));
    }
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

  /**
   * Runs a created job. The job exists whatever the run's fate, so a failed run may have taken
   * effect (a lookup finds the job and runs it if it must); a job DLI will not run is deleted, in a
   * request of its own, so that nothing is left behind.
   *
   * @param ran the answer once DLI runs it
   * @param failed the answer when it does not
   */
  private <A> Step<A> run(long jobId, Supplier<A> ran, Function<DliException, A> failed) {
    return Step.request(
        () -> {
          try {
            client.runFlinkJob(jobId);
            return Step.done(ran.get());
          } catch (DliException e) {
            if (e.errorClass() == ErrorClass.PERMANENT) {
              return deleteRefused(jobId, failed.apply(e));
            }
            return Step.done(failed.apply(e.takenEffect()));
          }
        });
  }

  private <A> Step<A> deleteRefused(long jobId, A answer) {
    return Step.request(
        () -> {
          try {
            client.deleteFlinkJob(jobId);
          } catch (DliException e) {
            // The job stays in job_init, never run; the refusal of its run is what counts.
          }
          return Step.done(answer);
        });
  }

  private String name() {
    return Correlation.flinkJobName(job.getMetadata().getName(), uid());
  }
}
