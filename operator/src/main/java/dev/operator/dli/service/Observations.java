package dev.operator.dli.service;

import dev.operator.dli.client.CancelAck;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.wire.FlinkJob;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.lifecycle.CallFailure;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.DliStatuses;
import dev.operator.dli.lifecycle.JobView;
import java.util.function.Supplier;

/** DLI's answers in the lifecycle's terms: jobs become views, errors become failures. */
public final class Observations {
  private Observations() {}

  public static DliObservation.Seen of(SqlJob job) {
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

  public static DliObservation.Seen of(SparkBatch batch) {
    boolean ended = DliStatuses.phaseFromDli(batch.state(), false).isTerminal();
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

  public static DliObservation.Seen of(FlinkJob job) {
    boolean ended = DliStatuses.phaseFromDli(job.status(), false).isTerminal();
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
            job.statusDesc(),
            job.savepointPath()));
  }

  public static DliObservation of(DliException e) {
    return switch (e.errorClass()) {
      case NOT_FOUND -> new DliObservation.NotFound(e.httpStatus(), e.errorCode(), e.dliMessage());
      default -> new DliObservation.Unreadable(failed(e));
    };
  }

  public static CallFailure failed(DliException e) {
    CallFailure.Cause cause =
        switch (e.errorClass()) {
          case TRANSIENT -> CallFailure.Cause.TRANSIENT;
          case AUTH -> CallFailure.Cause.AUTH;
          default -> CallFailure.Cause.PERMANENT;
        };
    return new CallFailure(
        cause, e.httpStatus(), e.errorCode(), e.getMessage(), e.mayHaveTakenEffect());
  }

  /** A cancel (or stop) call's answer: DLI's as it came, or why there is none. */
  static CancelAnswer cancelAnswer(Supplier<CancelAck> call) {
    try {
      CancelAck ack = call.get();
      return new CancelAnswer.Accepted(ack.httpStatus(), ack.isSuccess(), ack.message());
    } catch (DliException e) {
      return of(e) instanceof DliObservation.NotFound missing
          ? new CancelAnswer.Unknown(missing)
          : new CancelAnswer.Refused(failed(e));
    }
  }
}
