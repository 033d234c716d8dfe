package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What to do next for a DliJob, from a {@link Snapshot}: pure, no I/O. The reconciler carries the
 * action out and folds what came of it into the status with {@link Outcomes}.
 */
public final class Decisions {
  private final Timing timing;
  private final UnconfirmedSubmission unconfirmed;

  /**
   * @param startedAt when this operator process started: a submission left unconfirmed by an
   *     earlier process may have gone out until then, so its settling window counts from no earlier
   */
  public Decisions(Timing timing, Instant startedAt) {
    this.timing = timing;
    this.unconfirmed = new UnconfirmedSubmission(timing, startedAt);
  }

  /** How long to wait after the given number of passes in a row could not reach DLI. */
  public Duration retryDelay(int failures) {
    return timing.errorBackoff(Math.max(failures, 1));
  }

  public Action decide(Snapshot s) {
    if (s.spec() == null) {
      // Bad input, not a job: nothing can be submitted or cancelled for it.
      return s.deleting()
          ? new Action.Release("the DliJob has no spec: nothing was submitted")
          : new Action.Wait(null);
    }
    DliJobStatus st = s.status();
    Phase phase = DliStatuses.phaseOf(st);
    Cancellation cancellation = st.getCancellation();
    if (s.deleting()) {
      return decideDeletion(s, phase, cancellation);
    }
    if (phase.isTerminal()) {
      CancelReason reason = Cancellations.reason(s);
      return reason != null && cancellation == null
          ? new Action.NoteAlreadyFinished(reason)
          : afterFinish(s);
    }
    if (Retries.backingOff(st)) {
      return Retries.duringBackOff(s);
    }
    if (st.getJobId() == null) {
      if (s.spec().getJobId() != null) {
        return new Action.Adopt(s.spec().getJobId());
      }
      if (phase == Phase.Submitting) {
        return new Action.LookupByTag();
      }
      if (s.spec().cancelRequested()) {
        return new Action.CancelBeforeSubmit(CancelReason.Requested);
      }
      if (s.spec().runsFlink() && s.spec().suspendRequested()) {
        return phase == Phase.Suspended ? new Action.Wait(null) : new Action.HoldSuspended();
      }
      return new Action.Submit();
    }
    if (!s.observed()) {
      return new Action.Observe();
    }
    if (s.failures() > 0) {
      return new Action.Wait(timing.errorBackoff(s.failures()));
    }
    CancelReason reason = Cancellations.reason(s);
    if (reason != null && phase == Phase.Suspending) {
      return new Action.Wait(null); // the stop under way ends the job; the cancel is done then
    }
    if (reason != null && Cancellations.needsCall(cancellation) && !s.cancelCalled()) {
      return new Action.Cancel(reason);
    }
    Action suspension = reason == null ? Suspensions.next(s, phase) : null;
    if (suspension != null) {
      return suspension;
    }
    // The connection's sweep wakes the DliJob when DLI's status changes; only a deadline and a
    // Flink job's start timeout need a timer.
    Duration deadline = reason != null ? null : Cancellations.untilDeadline(s);
    Duration start = FlinkStarts.untilOverdue(s, timing.flinkStartTimeout());
    Duration first =
        deadline == null || (start != null && start.compareTo(deadline) < 0) ? start : deadline;
    return new Action.Wait(first == null ? null : first.plusMillis(10));
  }

  /**
   * What only a human can fix that the status itself shows: a Flink job that DLI accepted to run
   * and that has not started within the start timeout.
   */
  public Optional<Stall> stall(Snapshot s) {
    return FlinkStarts.overdue(s, timing.flinkStartTimeout());
  }

  private Action decideDeletion(Snapshot s, Phase phase, Cancellation cancellation) {
    if (Retries.backingOff(s.status())) {
      return new Action.Release("the DliJob was waiting between attempts: no DLI job was running");
    }
    if (s.spec().effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      return new Action.Release(
          "deletionPolicy is Orphan: the DLI job was left as it is",
          s.status().getJobId() != null && !phase.isTerminal() && phase != Phase.Suspended);
    }
    if (cancellation != null
        && cancellation.getOutcome() != null
        && cancellation.getOutcome().isFinal()) {
      return release(s, "cancel outcome " + cancellation.getOutcome());
    }
    if (phase.isTerminal()) {
      return release(s, "the DLI job had already ended (" + phase + ")");
    }
    if (s.status().getJobId() == null) {
      return phase == Phase.Submitting
          ? new Action.LookupByTag()
          : new Action.Release("no DLI job was submitted");
    }
    if (s.connectionGone() && cancellation != null && Cancellations.accepted(cancellation)) {
      // DLI took the cancel; with the connection gone, nothing can see its end.
      return new Action.Release(
          "DLI accepted the cancel of job "
              + s.status().getJobId()
              + ", but its connection is gone, so its end was not seen");
    }
    if (!s.observed()) {
      return new Action.Observe();
    }
    if (s.failures() > 0) {
      return new Action.Wait(timing.errorBackoff(s.failures()));
    }
    if (phase == Phase.Suspending) {
      return new Action.Wait(null); // the stop under way ends the job; the cancel is done then
    }
    if (Cancellations.needsCall(cancellation) && !s.cancelCalled()) {
      return new Action.Cancel(CancelReason.ResourceDeleted);
    }
    return new Action.Wait(null); // the sweep wakes the DliJob when the job ends
  }

  /** Releases the resource; a Flink job's definition is deleted in DLI first, unless adopted. */
  private static Action release(Snapshot s, String why) {
    // An adopted job's definition is not the operator's: it created none.
    if (s.spec().runsFlink()
        && s.spec().getJobId() == null
        && s.status().getJobId() != null
        && DliStatuses.phaseOf(s.status()) != Phase.Unknown
        && !s.definitionGone()) {
      return new Action.DeleteDefinition();
    }
    return new Action.Release(
        s.definitionGone() ? why + "; its Flink job definition was deleted in DLI" : why);
  }

  /**
   * After a lookup: while the submission is still unconfirmed, when to look again (within the
   * settling window, so that the last lookup comes just after it closes); null when the lookup
   * settled it.
   */
  public Action afterLookup(Snapshot s) {
    if (DliStatuses.phaseOf(s.status()) != Phase.Submitting || s.status().getJobId() != null) {
      return null;
    }
    Instant submitted = unconfirmed.since(s);
    Duration again = timing.lookupAgain(Duration.between(submitted, s.now()));
    return new Action.Wait(
        min(again, Duration.between(s.now(), submitted.plus(unconfirmed.settle()))));
  }

  private Action afterFinish(Snapshot s) {
    Long ttl = s.spec().getTtlSecondsAfterFinished();
    if (ttl == null || s.ttlHeld()) {
      return new Action.Wait(null);
    }
    Instant finished =
        s.status().getCompletionTime() != null
            ? Instant.parse(s.status().getCompletionTime())
            : s.now();
    Duration left = Duration.between(s.now(), finished.plusSeconds(ttl));
    return left.isNegative() || left.isZero() ? new Action.DeleteResource() : new Action.Wait(left);
  }

  private static Duration min(Duration a, Duration b) {
    if (b == null) {
      return a;
    }
    Duration floor = b.isNegative() ? Duration.ZERO : b;
    return a.compareTo(floor) <= 0 ? a : floor.plusMillis(10);
  }
}
