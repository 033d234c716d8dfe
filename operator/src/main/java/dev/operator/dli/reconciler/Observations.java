package dev.operator.dli.reconciler;

import dev.operator.dli.client.DliException;
import dev.operator.dli.client.wire.FlinkJob;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.JobView;
import dev.operator.dli.lifecycle.Lifecycle;

/** DLI's answers in the lifecycle's terms: jobs become views, failures become observations. */
final class Observations {
  private Observations() {}

  static DliObservation.Seen of(SqlJob job) {
    return new DliObservation.Seen(
        new JobView(
            job.status(),
            job.jobType(),
            job.queueName(),
            job.startTime(),
            job.duration(),
            job.endTime(),
            job.message()));
  }

  static DliObservation.Seen of(SparkBatch batch) {
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

  static DliObservation.Seen of(FlinkJob job) {
    boolean ended = Lifecycle.phaseFromDli(job.status(), false).isTerminal();
    return new DliObservation.Seen(
        new JobView(
            job.status(),
            job.jobType(),
            job.queueName(),
            job.startTime(),
            job.duration(),
            ended && job.startTime() != null && job.duration() != null
                ? job.startTime() + job.duration()
                : null,
            job.statusDesc()));
  }

  static DliObservation of(DliException e) {
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

  /** Whether DLI will say nothing new of the job: it ended, or DLI does not know it. */
  static boolean isFinal(DliObservation observation) {
    return observation instanceof DliObservation.NotFound
        || observation instanceof DliObservation.Seen seen
            && Lifecycle.phaseFromDli(seen.job().status(), false).isTerminal();
  }
}
