package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The decision core: what to do next for a DliJob, and how what happened changes its status. No
 * I/O: the reconciler carries out the actions and feeds their outcomes back here. Methods that take
 * a status change that working copy and return the Events to record.
 */
public final class Lifecycle {
  /** A Flink job whose stop failed: it still runs. */
  private static final String STOP_FAILED = "job_cancel_fail";

  private static final String CANCEL_ACCEPTED =
      "DLI accepted the cancel; waiting for the job to end";
  private final Timing timing;

  private final Instant startedAt;

  /**
   * @param startedAt when this operator process started: a submission left unconfirmed by an
   *     earlier process may have gone out until then, so its settling window counts from no earlier
   */
  public Lifecycle(Timing timing, Instant startedAt) {
    this.timing = timing;
    this.startedAt = startedAt;
  }

  // ---------------------------------------------------------------- decisions

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
    Phase phase = phaseOf(st);
    Cancellation cancellation = st.getCancellation();
    if (s.deleting()) {
      return decideDeletion(s, phase, cancellation);
    }
    if (phase.isTerminal()) {
      CancelReason reason = cancelReason(s);
      return reason != null && cancellation == null
          ? new Action.NoteAlreadyFinished(reason)
          : afterFinish(s);
    }
    if (st.getJobId() == null) {
      if (s.spec().getJobId() != null) {
        return new Action.Adopt(s.spec().getJobId());
      }
      if (phase == Phase.Submitting) {
        return new Action.LookupByTag();
      }
      return s.spec().cancelRequested() ? new Action.CancelBeforeSubmit() : new Action.Submit();
    }
    if (!s.observed()) {
      return new Action.Poll();
    }
    if (s.failures() > 0) {
      return new Action.Wait(timing.errorBackoff(s.failures()));
    }
    CancelReason reason = cancelReason(s);
    if (reason != null && needsCancelCall(cancellation) && !s.cancelCalled()) {
      return new Action.Cancel(reason);
    }
    // The connection's sweep wakes the DliJob when DLI's status changes; only a deadline needs a
    // timer.
    Duration left = untilDeadline(s);
    return new Action.Wait(reason != null || left == null ? null : left.plusMillis(10));
  }

  private Action decideDeletion(Snapshot s, Phase phase, Cancellation cancellation) {
    if (s.spec().effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      return new Action.Release(
          "deletionPolicy is Orphan: the DLI job was left as it is",
          s.status().getJobId() != null && !phase.isTerminal());
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
    if (!s.observed()) {
      return new Action.Poll();
    }
    if (s.failures() > 0) {
      return new Action.Wait(timing.errorBackoff(s.failures()));
    }
    if (needsCancelCall(cancellation) && !s.cancelCalled()) {
      return new Action.Cancel(CancelReason.ResourceDeleted);
    }
    return new Action.Wait(null); // the sweep wakes the DliJob when the job ends
  }

  /** Releases the resource; a Flink job's definition is deleted in DLI first. */
  private static Action release(Snapshot s, String why) {
    if (s.spec().runsFlink()
        && s.status().getJobId() != null
        && phaseOf(s.status()) != Phase.Unknown
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
    if (phaseOf(s.status()) != Phase.Submitting || s.status().getJobId() != null) {
      return null;
    }
    Instant submitted = unconfirmedSince(s);
    Duration again = timing.lookupAgain(Duration.between(submitted, s.now()));
    return new Action.Wait(
        min(again, Duration.between(s.now(), submitted.plus(timing.lookupSettle()))));
  }

  /** Since when a submission has been unconfirmed: its marker, or this process's start if later. */
  private Instant unconfirmedSince(Snapshot s) {
    Instant submitted = submittedAt(s);
    return submitted.isBefore(startedAt) ? startedAt : submitted;
  }

  private static Instant submittedAt(Snapshot s) {
    return s.status().getSubmittedAt() != null
        ? Instant.parse(s.status().getSubmittedAt())
        : s.createdAt();
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

  /** A cancel call is due while none has been accepted yet for this cancel. */
  private static boolean needsCancelCall(Cancellation c) {
    return c == null || (c.getOutcome() == CancelOutcome.Pending && !accepted(c));
  }

  /** Why the job should be cancelled now, or null. */
  public static CancelReason cancelReason(Snapshot s) {
    if (s.deleting() && s.spec().effectiveDeletionPolicy() == DeletionPolicy.Cancel) {
      return CancelReason.ResourceDeleted;
    }
    Cancellation c = s.status().getCancellation();
    if (c != null && c.getReason() != null) {
      return c.getReason();
    }
    if (s.spec().cancelRequested()) {
      return CancelReason.Requested;
    }
    Duration left = untilDeadline(s);
    return left != null && (left.isNegative() || left.isZero())
        ? CancelReason.DeadlineExceeded
        : null;
  }

  private static Duration untilDeadline(Snapshot s) {
    Long seconds = s.spec().getActiveDeadlineSeconds();
    if (seconds == null) {
      return null;
    }
    return Duration.between(s.now(), submittedAt(s).plusSeconds(seconds));
  }

  private static Duration min(Duration a, Duration b) {
    if (b == null) {
      return a;
    }
    Duration floor = b.isNegative() ? Duration.ZERO : b;
    return a.compareTo(floor) <= 0 ? a : floor.plusMillis(10);
  }

  // ---------------------------------------------------------------- outcomes

  /**
   * The Submitting marker, written before the submit call so that a crash cannot lead to a second
   * job.
   */
  public List<JobEvent> submitting(DliJobStatus st, Instant now) {
    st.setPhase(Phase.Submitting);
    st.setSubmittedAt(now.toString());
    st.setMessage("submitting the job to DLI");
    return List.of();
  }

  public List<JobEvent> submitted(DliJobStatus st, String jobId, String queue) {
    st.setJobId(jobId);
    st.setQueue(queue);
    st.setMessage("submitted to DLI");
    return List.of(
        new JobEvent(
            EventReason.Submitted,
            "Submitted DLI job " + jobId + (queue == null ? "" : " to queue " + queue)));
  }

  /**
   * The submit call failed. A permanent refusal ends the job; a failure that proves DLI did not
   * take the job (refused, or never reached) clears the marker, so the job is submitted again; any
   * other failure (a timeout, a dropped connection, a 5xx) leaves the submission unconfirmed: the
   * marker stays for a lookup.
   */
  public List<JobEvent> submitFailed(
      DliJobStatus st, DliObservation.Failed failure, Instant sentAt) {
    if (failure.kind() == DliObservation.Kind.PERMANENT) {
      st.setPhase(Phase.Failed);
      st.setCompletionTime(sentAt.toString());
      st.setMessage("DLI refused the job: " + failure.message());
      return List.of(new JobEvent(EventReason.Failed, "DLI refused the job: " + failure.message()));
    }
    if (!failure.mayHaveTakenEffect()) {
      st.setPhase(Phase.Pending);
      st.setSubmittedAt(null);
      st.setMessage("DLI did not take the job, will submit it again: " + failure.message());
      return List.of();
    }
    st.setSubmittedAt(sentAt.toString()); // the settling window counts from when the call went out
    st.setMessage(
        "submission not confirmed, will look for the job before submitting again: "
            + failure.message());
    return List.of();
  }

  /**
   * A lookup after an unconfirmed submission. Found: the job ID is recorded. Not found: DLI's lists
   * may lag, so the submission stays unconfirmed until the settling window after it has passed;
   * only then is it taken as never submitted, and the marker is cleared.
   */
  public List<JobEvent> lookedUp(Snapshot s, DliJobStatus st, String foundJobId) {
    if (foundJobId == null) {
      Instant submitted = unconfirmedSince(s);
      Instant settled = submitted.plus(timing.lookupSettle());
      if (s.now().isBefore(settled)) {
        st.setMessage(
            "the submission at "
                + submitted
                + " is not confirmed and DLI does not list the job yet; "
                + "looking for it until "
                + settled
                + " before taking it as never submitted");
        return List.of();
      }
      String never =
          "no DLI job of this resource (by its correlation tag or batch name) appeared within "
              + timing.lookupSettle().toSeconds()
              + " s of the unconfirmed submission at "
              + submitted
              + ": it was never submitted";
      st.setPhase(Phase.Pending);
      st.setSubmittedAt(null);
      st.setMessage(never);
      return List.of(new JobEvent(EventReason.NotSubmitted, never));
    }
    st.setJobId(foundJobId);
    st.setMessage("found the DLI job submitted before the operator stopped");
    return List.of(
        new JobEvent(
            EventReason.Submitted,
            "Found DLI job "
                + foundJobId
                + ", submitted before the operator stopped, by its correlation tag or batch name"));
  }

  public List<JobEvent> adopted(DliJobStatus st, String jobId) {
    st.setJobId(jobId);
    st.setPhase(Phase.Running);
    st.setMessage("adopted an existing DLI job");
    return List.of(new JobEvent(EventReason.Adopted, "Adopted DLI job " + jobId));
  }

  public List<JobEvent> cancelledBeforeSubmit(DliJobStatus st, Instant now) {
    Cancellation c = new Cancellation();
    c.setReason(CancelReason.Requested);
    c.setRequestedAt(now.toString());
    c.setCompletedAt(now.toString());
    c.setOutcome(CancelOutcome.Cancelled);
    c.setAttempts(0);
    c.setMessage("cancelled before it was submitted: nothing ran in DLI");
    st.setCancellation(c);
    st.setPhase(Phase.Cancelled);
    st.setCompletionTime(now.toString());
    st.setMessage(c.getMessage());
    return List.of(new JobEvent(EventReason.Cancelled, c.getMessage()));
  }

  public List<JobEvent> alreadyFinished(DliJobStatus st, CancelReason reason, Instant now) {
    return List.of(
        endedBeforeCancel(st, startCancellation(st, reason, now), st.getDliStatus(), now));
  }

  /** The cancel found the job ended already: outcome AlreadyFinished, nothing was cancelled. */
  private static JobEvent endedBeforeCancel(
      DliJobStatus st, Cancellation c, String dliStatus, Instant now) {
    String ended = "had already ended with " + dliStatus + "; nothing to cancel";
    c.setOutcome(CancelOutcome.AlreadyFinished);
    c.setCompletedAt(now.toString());
    c.setMessage("the job " + ended);
    return new JobEvent(
        EventReason.Cancelled,
        "DLI job " + st.getJobId() + " " + ended + " (" + c.getReason() + ")");
  }

  /** DLI does not know the job: a cancel of it ends NotFound. */
  private static JobEvent unknownToDli(
      DliJobStatus st, Cancellation c, DliObservation.NotFound missing, Instant now) {
    c.setHttpStatus(missing.httpStatus());
    c.setErrorCode(missing.errorCode());
    c.setMessage(missing.message());
    c.setOutcome(CancelOutcome.NotFound);
    c.setCompletedAt(now.toString());
    st.setPhase(Phase.Unknown);
    return new JobEvent(
        EventReason.CancelFailed,
        "DLI does not know job " + st.getJobId() + ": " + missing.message());
  }

  /**
   * Folds a status read into the status: phase, DLI fields, and the cancel outcome once the job
   * ended.
   */
  public List<JobEvent> observed(Snapshot s, DliJobStatus st, DliObservation observation) {
    List<JobEvent> events = new ArrayList<>();
    CancelReason reason = cancelReason(s);
    Phase before = phaseOf(st);
    if (observation instanceof DliObservation.Seen seen) {
      JobView job = seen.job();
      st.setDliStatus(job.status());
      if (job.jobType() != null) {
        st.setJobType(job.jobType());
      }
      if (job.queue() != null) {
        st.setQueue(job.queue());
      }
      if (job.startMillis() != null && job.startMillis() > 0) {
        st.setStartTime(Instant.ofEpochMilli(job.startMillis()).toString());
      }
      if (job.durationMillis() != null) {
        st.setDurationMillis(job.durationMillis());
        st.setDuration(HumanDuration.of(job.durationMillis()));
      }
      Phase dliPhase = phaseFromDli(job.status(), reason != null);
      boolean ended = dliPhase.isTerminal();
      st.setMessage(
          job.message() != null && !job.message().isBlank()
              ? job.message()
              : "DLI job " + (ended ? "ended with " : "is ") + job.status());
      if (ended) {
        st.setCompletionTime(completion(job, s.now()).toString());
      }
      if (reason != null) {
        Cancellation c = startCancellation(st, reason, s.now());
        if (STOP_FAILED.equals(job.status()) && !c.getOutcome().isFinal() && accepted(c)) {
          // DLI took the stop but could not carry it out; the job runs on: stop it again.
          c.setHttpStatus(null);
          c.setIsSuccess(null);
          c.setMessage("DLI could not stop the job (" + STOP_FAILED + "): stopping it again");
        }
        if (ended && !c.getOutcome().isFinal()) {
          if (dliPhase == Phase.Cancelled && accepted(c)) {
            c.setOutcome(CancelOutcome.Cancelled);
            c.setCompletedAt(s.now().toString());
            if (CANCEL_ACCEPTED.equals(c.getMessage())) {
              c.setMessage("DLI cancelled the job"); // DLI said nothing of its own to keep
            }
            events.add(
                new JobEvent(
                    EventReason.Cancelled,
                    "DLI job " + st.getJobId() + " cancelled (" + reason + ")"));
          } else {
            events.add(endedBeforeCancel(st, c, job.status(), s.now()));
          }
        }
      }
      st.setPhase(ended ? dliPhase : reason != null ? Phase.Cancelling : dliPhase);
      events.addAll(transitionEvents(before, st, reason));
    } else if (observation instanceof DliObservation.NotFound missing) {
      st.setMessage("DLI does not know job " + st.getJobId() + ": " + missing.message());
      st.setPhase(Phase.Unknown);
      if (reason != null) {
        events.add(unknownToDli(st, startCancellation(st, reason, s.now()), missing, s.now()));
      }
    } else if (observation instanceof DliObservation.Failed failed) {
      st.setMessage("cannot read the DLI job: " + failed.message());
    }
    return events;
  }

  /**
   * Folds a cancel call's outcome into status.cancellation: what DLI answered, as it answered it.
   */
  public List<JobEvent> cancelCalled(
      Snapshot s, DliJobStatus st, CancelReason reason, CancelAnswer answer) {
    Cancellation c = startCancellation(st, reason, s.now());
    c.setAttempts((c.getAttempts() == null ? 0 : c.getAttempts()) + 1);
    List<JobEvent> events = new ArrayList<>();
    if (c.getAttempts() == 1) {
      events.add(
          new JobEvent(
              EventReason.CancelRequested,
              "Cancelling DLI job " + st.getJobId() + " (" + reason + ")"));
    }
    if (answer instanceof CancelAnswer.Accepted ok) {
      c.setHttpStatus(ok.httpStatus());
      c.setIsSuccess(ok.isSuccess());
      c.setErrorCode(null);
      c.setMessage(ok.message() == null || ok.message().isBlank() ? CANCEL_ACCEPTED : ok.message());
      st.setPhase(Phase.Cancelling);
    } else if (answer instanceof CancelAnswer.Unknown unknown) {
      events.add(unknownToDli(st, c, unknown.why(), s.now()));
    } else if (answer instanceof CancelAnswer.Refused refused) {
      DliObservation.Failed failed = refused.failure();
      c.setHttpStatus(failed.httpStatus() == 0 ? null : failed.httpStatus());
      // Only a 2xx failure is DLI saying is_success false; other failures carry no is_success at
      // all.
      c.setIsSuccess(failed.httpStatus() / 100 == 2 ? Boolean.FALSE : null);
      c.setErrorCode(failed.errorCode());
      c.setMessage(failed.message());
      if (failed.kind() == DliObservation.Kind.PERMANENT) {
        c.setOutcome(CancelOutcome.Failed);
        c.setCompletedAt(s.now().toString());
        events.add(
            new JobEvent(
                EventReason.CancelFailed,
                "DLI refused to cancel job " + st.getJobId() + ": " + failed.message()));
      }
    }
    return events;
  }

  /** Whether DLI took the last cancel call: a 2xx that did not say is_success false. */
  private static boolean accepted(Cancellation c) {
    return c.getHttpStatus() != null
        && c.getHttpStatus() / 100 == 2
        && !Boolean.FALSE.equals(c.getIsSuccess());
  }

  private static Cancellation startCancellation(DliJobStatus st, CancelReason reason, Instant now) {
    Cancellation c = st.getCancellation();
    if (c == null) {
      c = new Cancellation();
      c.setReason(reason);
      c.setRequestedAt(now.toString());
      c.setOutcome(CancelOutcome.Pending);
      c.setAttempts(0);
      st.setCancellation(c);
    }
    return c;
  }

  private static List<JobEvent> transitionEvents(
      Phase before, DliJobStatus st, CancelReason reason) {
    Phase after = st.getPhase();
    if (after == before) {
      return List.of();
    }
    String id = st.getJobId();
    return switch (after) {
      case Running ->
          List.of(new JobEvent(EventReason.Running, "DLI job " + id + " is " + st.getDliStatus()));
      case Succeeded ->
          List.of(
              new JobEvent(
                  EventReason.Succeeded,
                  "DLI job "
                      + id
                      + " finished"
                      + (st.getDurationMillis() == null
                          ? ""
                          : " in " + st.getDurationMillis() + " ms")));
      case Failed ->
          List.of(
              new JobEvent(EventReason.Failed, "DLI job " + id + " failed: " + st.getMessage()));
      case Cancelled ->
          reason == null
              ? List.of(
                  new JobEvent(
                      EventReason.Cancelled,
                      "DLI job " + id + " was cancelled outside the operator"))
              : List.of();
      default -> List.of();
    };
  }

  private static Instant completion(JobView job, Instant now) {
    if (job.endMillis() != null && job.endMillis() > 0) {
      return Instant.ofEpochMilli(job.endMillis());
    }
    if (job.startMillis() != null && job.startMillis() > 0 && job.durationMillis() != null) {
      return Instant.ofEpochMilli(job.startMillis() + job.durationMillis());
    }
    return now;
  }

  public static Phase phaseOf(DliJobStatus st) {
    return st.getPhase() == null ? Phase.Pending : st.getPhase();
  }

  /**
   * DLI's SQL statuses, Spark states and Flink statuses (case-insensitively) to phases; anything
   * unknown keeps being polled. A job that ended stopped (a dead Spark batch, a stopped Flink job)
   * is Cancelled when a cancel was asked for and Failed otherwise: someone else stopped it, or DLI
   * did (job_arrearage_stopped: the account is in arrears).
   */
  public static Phase phaseFromDli(String dliStatus, boolean cancelAsked) {
    if (dliStatus == null) {
      return Phase.Unknown;
    }
    return switch (dliStatus.toUpperCase(Locale.ROOT)) {
      case "LAUNCHING", "RUNNING", "SCALING", "STARTING", "RECOVERING" -> Phase.Running;
      case "JOB_INIT",
          "JOB_SUBMITTING",
          "JOB_DOWNLOADING",
          "JOB_RUNNING",
          "JOB_IDLE",
          "JOB_SAVEPOINTING",
          "JOB_ARREARAGE_RECOVERING",
          "JOB_CANCELING",
          "JOB_CANCEL_FAIL" ->
          Phase.Running;
      case "FINISHED", "SUCCESS", "JOB_FINISH" -> Phase.Succeeded;
      case "FAILED", "JOB_SUBMIT_FAIL", "JOB_RUNNING_EXCEPTION", "JOB_ARREARAGE_STOPPED" ->
          Phase.Failed;
      case "CANCELLED" -> Phase.Cancelled;
      case "DEAD", "JOB_CANCEL_SUCCESS" -> cancelAsked ? Phase.Cancelled : Phase.Failed;
      default -> Phase.Unknown;
    };
  }
}
