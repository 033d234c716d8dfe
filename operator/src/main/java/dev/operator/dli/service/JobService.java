package dev.operator.dli.service;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.DefinitionDeletion;
import dev.operator.dli.lifecycle.JobKind;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Submission;
import dev.operator.dli.lifecycle.Suspension;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * What to ask DLI for one DliJob's job, in the lifecycle's terms: synchronous, on the caller's
 * thread, one HTTP request at a time, and a failure is an answer, not an exception. An operation of
 * more than one request (a lookup over pages, a Flink job's create then run) is a chain of {@link
 * Step}s, each sent on its own. One subclass per job kind.
 */
public abstract class JobService {
  final DliClient client;
  final DliJob job;
  private final Clock clock;

  JobService(DliClient client, Clock clock, DliJob job) {
    this.client = client;
    this.clock = clock;
    this.job = job;
  }

  public static JobService of(DliClient client, Clock clock, DliJob job) {
    return switch (JobKind.of(job.getSpec())) {
      case SQL -> new SqlJobService(client, clock, job);
      case SPARK -> new SparkJobService(client, clock, job);
      case FLINK -> new FlinkJobService(client, clock, job);
    };
  }

  /**
   * Submits the job as this attempt (from 1; spec.backoffLimit allows more than one). The lifecycle
   * asks for it only when no job of the attempt can exist, so it never looks before it creates.
   */
  public abstract Step<Submission> submit(int attempt);

  /**
   * Finds the job an unconfirmed submission of this attempt may have created; DLI filters loosely,
   * so matches are checked exactly.
   *
   * @param submittedAt the Submitting marker's time, or null
   */
  public abstract Step<Lookup> findSubmitted(Instant submittedAt, int attempt);

  /** Cancels the job; the answer is DLI's as it came. */
  public abstract CancelAnswer cancel(String jobId);

  /** Suspends the job: stops it with a savepoint. Only Flink jobs can be (the CRD says so). */
  public Suspension suspend(String jobId) {
    throw new UnsupportedOperationException("only a Flink job can be suspended");
  }

  /** Runs a suspended job again from its savepoint. Only Flink jobs can be. */
  public Suspension resume(String jobId) {
    throw new UnsupportedOperationException("only a Flink job can be resumed");
  }

  /** Deletes the job's definition, so that nothing is left behind; only Flink jobs have one. */
  public DefinitionDeletion deleteDefinition(String jobId) {
    return new DefinitionDeletion.Deleted();
  }

  /**
   * A submit whose first request goes out when the step is sent, and when: the job DLI took, the
   * next request, or why DLI did not take it.
   */
  final Step<Submission> submitting(Function<Instant, Step<Submission>> submit) {
    return Step.request(
        () -> {
          Instant sentAt = clock.instant();
          try {
            return submit.apply(sentAt);
          } catch (DliException e) {
            return Step.done(new Submission.Failed(Observations.failed(e), sentAt));
          }
        });
  }

  /** A lookup that could not look. */
  static Lookup lookupFailed(DliException e) {
    return new Lookup.Failed(Observations.failed(e));
  }

  final String uid() {
    return job.getMetadata().getUid();
  }
}
