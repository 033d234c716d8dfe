package dev.operator.dli.reconciler;

import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.connection.Connection;
import dev.operator.dli.connection.ConnectionResolver;
import dev.operator.dli.connection.ConnectionScheduler.Priority;
import dev.operator.dli.lifecycle.Action;
import dev.operator.dli.lifecycle.Answer;
import dev.operator.dli.lifecycle.CallFailure;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.Decisions;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.lifecycle.JobEvent;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Snapshot;
import dev.operator.dli.lifecycle.Submission;
import dev.operator.dli.service.JobService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DliJobs that the API server removed before the operator released them. The finalizer should make
 * that impossible, but a delete that races the finalizer's addition can still remove the object
 * (kubernetes/kubernetes#77988, unfixed in 1.34): the API server answers the finalizer's patch and
 * then deletes the object anyway. A submit handed over meanwhile would leave a DLI job running that
 * no resource stands for; this cancels it (deletionPolicy Orphan excepted).
 */
final class RemovedJobs {
  private static final Logger log = LoggerFactory.getLogger(RemovedJobs.class);

  /** How often a cancel is tried before the Warning says it failed: about 18 minutes at most. */
  private static final int ATTEMPTS = 10;

  private final CallsUnderWay calls;
  private final Decisions decisions;
  private final EventRecorder events;
  private final Clock clock;

  RemovedJobs(CallsUnderWay calls, Decisions decisions, EventRecorder events, Clock clock) {
    this.calls = calls;
    this.decisions = decisions;
    this.events = events;
    this.clock = clock;
  }

  /** The DliJob is gone; {@code last} is how it was last seen. */
  void removed(DliJob last, ConnectionResolver connections) {
    String uid = last.getMetadata().getUid();
    Optional<CompletableFuture<Answer>> call = calls.underWay(uid);
    calls.forget(uid);
    if (last.getSpec() == null
        || last.getSpec().effectiveDeletionPolicy() == DeletionPolicy.Orphan
        || (call.isEmpty() && releasedAsItWas(decisions, last, clock.instant()))) {
      return; // a call under way means the lifecycle had not released it
    }
    if (call.isPresent()) {
      call.get()
          .thenAccept(answer -> jobIdOf(answer).ifPresent(id -> cancel(last, id, connections)));
    } else if (last.getStatus() != null && last.getStatus().getJobId() != null) {
      cancel(last, last.getStatus().getJobId(), connections);
    }
  }

  /**
   * Whether the lifecycle would have released the DliJob as it was last seen: then it was. Only its
   * DLI job counts here, not a Flink job's definition (deleted before the release, or not at all).
   */
  static boolean releasedAsItWas(Decisions decisions, DliJob last, Instant now) {
    if (last.getStatus() == null) {
      return true;
    }
    Snapshot deleting =
        Snapshot.of(last.getSpec(), last.getStatus(), now)
            .deleting(true)
            .definitionGone(true)
            .build();
    return decisions.decide(deleting) instanceof Action.Release;
  }

  private static Optional<String> jobIdOf(Answer answer) {
    if (answer instanceof Submission.Submitted submitted) {
      return Optional.of(submitted.jobId());
    }
    if (answer instanceof Lookup.Looked looked) {
      return looked.jobId();
    }
    return Optional.empty();
  }

  private void cancel(DliJob last, String jobId, ConnectionResolver connections) {
    cancel(last, jobId, connections, 1);
  }

  /** One attempt; a failure that another call may mend is tried again later, off this thread. */
  private void cancel(DliJob last, String jobId, ConnectionResolver connections, int attempt) {
    Connection connection = connections.resolveForGone(last).connection();
    if (connection == null) {
      log.warn(
          "{}/{} was removed before its release; its DLI job {} could not be cancelled: no connection",
          last.getMetadata().getNamespace(),
          last.getMetadata().getName(),
          jobId);
      return;
    }
    JobService service = JobService.of(connection.client(), clock, last);
    connection
        .scheduler()
        .schedule(Priority.CANCEL, () -> service.cancel(jobId))
        .whenComplete(
            (answer, error) -> {
              if (attempt < ATTEMPTS && mayWorkLater(answer, error)) {
                CompletableFuture.delayedExecutor(
                        decisions.retryDelay(attempt).toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> cancel(last, jobId, connections, attempt + 1));
                return;
              }
              events.record(
                  last,
                  new JobEvent(
                      EventReason.RemovedBeforeRelease,
                      "The DliJob was removed before the operator released it; its DLI job "
                          + jobId
                          + (answer instanceof CancelAnswer.Accepted
                              ? " was cancelled"
                              : " could not be cancelled: " + (error != null ? error : answer))));
            });
  }

  private static boolean mayWorkLater(CancelAnswer answer, Throwable error) {
    return error != null
        || answer instanceof CancelAnswer.Refused refused
            && refused.failure().cause() != CallFailure.Cause.PERMANENT;
  }
}
