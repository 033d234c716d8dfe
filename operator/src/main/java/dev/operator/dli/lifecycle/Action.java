package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelReason;
import java.time.Duration;

/** The next thing the reconciler does for a DliJob. */
public sealed interface Action {
  /** Record the Submitting marker, then submit the job. */
  record Submit() implements Action {}

  /**
   * A submission may have happened without its job ID being recorded: find the job by its
   * correlation tag.
   */
  record LookupByTag() implements Action {}

  /** Take over the job named in spec.jobId. */
  record Adopt(String jobId) implements Action {}

  /** Take DLI's latest word on the job (the connection's sweep reads it). */
  record Observe() implements Action {}

  /** Call DLI's cancel for a job that has not ended. */
  record Cancel(CancelReason reason) implements Action {}

  /**
   * A cancel (or the deadline) before anything was submitted, or between attempts: nothing to call,
   * the job ends Cancelled.
   */
  record CancelBeforeSubmit(CancelReason reason) implements Action {}

  /**
   * A cancel asked for after the job had ended: nothing to call, the outcome is AlreadyFinished.
   */
  record NoteAlreadyFinished(CancelReason reason) implements Action {}

  /**
   * Nothing to do now; look again after the delay (null: when something changes: the resource, a
   * call's answer, DLI's status).
   */
  record Wait(Duration delay) implements Action {}

  /**
   * The resource goes and its Flink job has ended: delete the job's definition in DLI, so that
   * nothing is left behind, then release.
   */
  record DeleteDefinition() implements Action {}

  /** spec.suspend on a Flink job not yet submitted: nothing to call, it waits Suspended. */
  record HoldSuspended() implements Action {}

  /** spec.suspend: stop the Flink job with a savepoint. */
  record Suspend() implements Action {}

  /** spec.suspend turned false on a suspended Flink job: run it again from its savepoint. */
  record Resume() implements Action {}

  /** ttlSecondsAfterFinished has passed: delete the resource. */
  record DeleteResource() implements Action {}

  /**
   * Deletion may finish: remove the finalizer. {@code orphaned}: a DLI job was left running on
   * purpose.
   */
  record Release(String why, boolean orphaned) implements Action {
    public Release(String why) {
      this(why, false);
    }
  }
}
