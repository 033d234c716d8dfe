package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * spec.suspend of a Flink job: stopped with a savepoint (Suspending, then Suspended once DLI says
 * job_cancel_success), run again from its latest savepoint when spec.suspend turns false. The DLI
 * job stays the same throughout. A cancel stays final: a suspended job that is cancelled (or whose
 * resource is deleted) has nothing left to stop, and is Cancelled without a call.
 */
public final class Suspensions {
  private static final String STOPPED = "job_cancel_success";

  private Suspensions() {}

  /** What spec.suspend asks of a submitted job now, when no cancel is due; null when nothing. */
  static Action next(Snapshot s, Phase phase) {
    if (!s.spec().runsFlink()) {
      return null;
    }
    boolean wanted = s.spec().suspendRequested();
    if (wanted && phase == Phase.Running) {
      return new Action.Suspend();
    }
    return !wanted && phase == Phase.Suspended ? new Action.Resume() : null;
  }

  /** spec.suspend set before anything was submitted: nothing runs until it is false. */
  static List<JobEvent> heldBeforeSubmit(DliJobStatus st) {
    st.setPhase(Phase.Suspended);
    st.setMessage("spec.suspend is true: the job is submitted once it is false");
    return List.of();
  }

  /**
   * Folds a read of a job that is being or was suspended, or was just resumed; empty when the read
   * is not the suspension's business (the job ended otherwise, or someone ran it again outside the
   * operator), and the usual rules apply.
   *
   * @param settle how long after a resume DLI may still show the stop: its run is asynchronous
   */
  static Optional<List<JobEvent>> observed(
      Snapshot s,
      DliJobStatus st,
      Phase before,
      CancelReason reason,
      JobView job,
      Duration settle) {
    if (st.getResumedAt() != null) {
      if (!STOPPED.equals(job.status())) {
        st.setResumedAt(null); // DLI shows the run
      } else if (resumeNotShownYet(s, st, before, settle)) {
        st.setMessage(
            "DLI took the run from the savepoint but still shows "
                + STOPPED
                + ": waiting for the run to show");
        return Optional.of(List.of());
      }
    }
    if (before != Phase.Suspending && before != Phase.Suspended) {
      return Optional.empty();
    }
    if (STOPPED.equals(job.status())) {
      if (job.savepointPath() != null && !job.savepointPath().isBlank()) {
        st.setSavepointPath(job.savepointPath());
      }
      if (reason != null) {
        return Optional.of(List.of(cancelSuspended(s, st, reason)));
      }
      st.setPhase(Phase.Suspended);
      st.setMessage(
          (st.getSavepointPath() == null
                  ? "stopped with a savepoint; DLI did not say its path"
                  : "stopped with savepoint " + st.getSavepointPath())
              + "; spec.suspend false runs the job again from it");
      return Optional.of(
          before == Phase.Suspended
              ? List.of()
              : List.of(
                  new JobEvent(
                      EventReason.Suspended, "DLI job " + st.getJobId() + " " + st.getMessage())));
    }
    if (before == Phase.Suspending && Cancellations.STOP_FAILED.equals(job.status())) {
      st.setPhase(Phase.Running); // the job runs on: spec.suspend stops it again
      st.setMessage(
          "DLI could not stop the job with a savepoint ("
              + Cancellations.STOP_FAILED
              + "): stopping it again");
      return Optional.of(List.of());
    }
    if (before == Phase.Suspending
        && DliStatuses.phaseFromDli(job.status(), false) == Phase.Running) {
      st.setMessage("suspending: DLI job is " + job.status());
      return Optional.of(List.of()); // the stop is under way (or the read predates it)
    }
    return Optional.empty();
  }

  /**
   * A stop read just after a resume is DLI's lag while the settle lasts, unless a stop of the
   * operator's was accepted since: then it is that stop's outcome.
   */
  private static boolean resumeNotShownYet(
      Snapshot s, DliJobStatus st, Phase before, Duration settle) {
    Cancellation c = st.getCancellation();
    return (before == Phase.Running || before == Phase.Cancelling)
        && (c == null || !Cancellations.accepted(c))
        && s.now().isBefore(Instant.parse(st.getResumedAt()).plus(settle));
  }

  /** A cancel of a suspended job: it is stopped already, so the cancel is done. */
  private static JobEvent cancelSuspended(Snapshot s, DliJobStatus st, CancelReason reason) {
    Cancellation c = Cancellations.start(st, reason, s.now());
    c.setOutcome(CancelOutcome.Cancelled);
    c.setCompletedAt(s.now().toString());
    c.setMessage("the job was suspended (stopped with a savepoint): nothing left to stop");
    st.setPhase(Phase.Cancelled);
    st.setCompletionTime(s.now().toString());
    st.setMessage(c.getMessage());
    return new JobEvent(
        EventReason.Cancelled,
        "DLI job " + st.getJobId() + " cancelled while suspended (" + reason + ")");
  }

  /** Folds a suspend's or a resume's answer into the status. */
  static List<JobEvent> answered(DliJobStatus st, Suspension answer, Instant now) {
    String id = st.getJobId();
    Optional<CallFailure> failure = failure(answer);
    if (answer instanceof Suspension.Stop stop) {
      if (stop.answer() instanceof CancelAnswer.Unknown unknown) {
        st.setPhase(Phase.Unknown);
        st.setMessage("DLI does not know job " + id + ": " + unknown.why().message());
        return List.of();
      }
      if (failure.isPresent()) {
        st.setMessage("DLI did not stop the job with a savepoint: " + failure.get().message());
        return List.of();
      }
      st.setPhase(Phase.Suspending);
      st.setResumedAt(null);
      st.setMessage("DLI accepted the stop with a savepoint; waiting for the job to stop");
      return List.of(
          new JobEvent(
              EventReason.SuspendRequested,
              "Suspending DLI job " + id + ": stopping it with a savepoint"));
    }
    if (failure.isPresent()) {
      st.setMessage("DLI did not run the job again: " + failure.get().message());
      return List.of();
    }
    String from =
        st.getSavepointPath() == null
            ? "its latest savepoint"
            : "savepoint " + st.getSavepointPath();
    st.setPhase(Phase.Running);
    st.setCompletionTime(null);
    st.setResumedAt(now.toString());
    st.setMessage("DLI runs the job again from " + from);
    return List.of(new JobEvent(EventReason.Resumed, "Resumed DLI job " + id + " from " + from));
  }

  /**
   * Why the suspend or resume did not take: a stop DLI answered with is_success false (or a non-2xx
   * status) counts as a permanent refusal, as a refused run does.
   */
  public static Optional<CallFailure> failure(Suspension answer) {
    if (answer instanceof Suspension.Resume resume) {
      return Optional.ofNullable(resume.failure());
    }
    CancelAnswer stop = ((Suspension.Stop) answer).answer();
    if (stop instanceof CancelAnswer.Refused refused) {
      return Optional.of(refused.failure());
    }
    if (stop instanceof CancelAnswer.Accepted ok
        && (ok.httpStatus() / 100 != 2 || Boolean.FALSE.equals(ok.isSuccess()))) {
      return Optional.of(
          new CallFailure(
              CallFailure.Cause.PERMANENT,
              ok.httpStatus(),
              null,
              ok.message() == null ? "DLI did not stop the job" : ok.message()));
    }
    return Optional.empty();
  }
}
