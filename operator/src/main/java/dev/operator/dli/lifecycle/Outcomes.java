package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How what happened changes a DliJob's status: each method folds one outcome (a call's answer,
 * DLI's word on the job) into the working copy of the status it is given, and returns the Events to
 * record. Pure, no I/O.
 */
public final class Outcomes {
  private final UnconfirmedSubmission unconfirmed;

  /**
   * @param startedAt when this operator process started (see {@link Decisions})
   */
  public Outcomes(Timing timing, Instant startedAt) {
    this.unconfirmed = new UnconfirmedSubmission(timing, startedAt);
  }

  /**
   * The Submitting marker, written before the submit call so that a crash cannot lead to a second
   * job.
   */
  public List<JobEvent> submitting(DliJobStatus st, Instant now) {
    if (Retries.backingOff(st)) {
      Retries.nextAttempt(st);
    }
    Attempts.begin(st, now);
    st.setPhase(Phase.Submitting);
    st.setSubmittedAt(now.toString());
    st.setMessage("submitting the job to DLI");
    return List.of();
  }

  public List<JobEvent> submitted(DliJobStatus st, String jobId, String queue) {
    st.setJobId(jobId);
    Attempts.tookJob(st, jobId);
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
  public List<JobEvent> submitFailed(DliJobStatus st, CallFailure failure, Instant sentAt) {
    if (failure.cause() == CallFailure.Cause.PERMANENT) {
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
      Instant submitted = unconfirmed.since(s);
      Instant settled = submitted.plus(unconfirmed.settle());
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
              + unconfirmed.settle().toSeconds()
              + " s of the unconfirmed submission at "
              + submitted
              + ": it was never submitted";
      st.setPhase(Phase.Pending);
      st.setSubmittedAt(null);
      st.setMessage(never);
      return List.of(new JobEvent(EventReason.NotSubmitted, never));
    }
    st.setJobId(foundJobId);
    Attempts.tookJob(st, foundJobId);
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

  public List<JobEvent> cancelledBeforeSubmit(DliJobStatus st, CancelReason reason, Instant now) {
    Cancellation c = new Cancellation();
    c.setReason(reason);
    c.setRequestedAt(now.toString());
    c.setCompletedAt(now.toString());
    c.setOutcome(CancelOutcome.Cancelled);
    c.setAttempts(0);
    if (Retries.backingOff(st)) {
      c.setMessage(
          (reason == CancelReason.DeadlineExceeded
                  ? "spec.activeDeadlineSeconds passed"
                  : "cancelled")
              + " while waiting for attempt "
              + (Attempts.number(st) + 1)
              + ": no DLI job was running");
      st.setNextAttemptAt(null);
    } else {
      c.setMessage("cancelled before it was submitted: nothing ran in DLI");
    }
    st.setCancellation(c);
    st.setPhase(Phase.Cancelled);
    st.setCompletionTime(now.toString());
    st.setMessage(c.getMessage());
    return List.of(new JobEvent(EventReason.Cancelled, c.getMessage()));
  }

  public List<JobEvent> alreadyFinished(DliJobStatus st, CancelReason reason, Instant now) {
    return List.of(
        Cancellations.endedBeforeCancel(
            st, Cancellations.start(st, reason, now), st.getDliStatus(), now));
  }

  /**
   * Folds a status read into the status: phase, DLI fields, and the cancel outcome once the job
   * ended.
   */
  public List<JobEvent> observed(Snapshot s, DliJobStatus st, DliObservation observation) {
    List<JobEvent> events = new ArrayList<>();
    CancelReason reason = Cancellations.reason(s);
    Phase before = DliStatuses.phaseOf(st);
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
      if (s.spec().runsFlink()) {
        FlinkStarts.seen(st, job.status(), s.now());
      }
      Optional<List<JobEvent>> suspension =
          Suspensions.observed(s, st, before, reason, job, unconfirmed.settle());
      if (suspension.isPresent()) {
        if (s.spec().getJobId() == null) {
          Attempts.seen(st, job, st.getCompletionTime());
        }
        return suspension.get();
      }
      Phase dliPhase = DliStatuses.phaseFromDli(job.status(), reason != null);
      boolean ended = dliPhase.isTerminal();
      st.setMessage(
          job.message() != null && !job.message().isBlank()
              ? job.message()
              : "DLI job " + (ended ? "ended with " : "is ") + job.status());
      if (ended) {
        st.setCompletionTime(completion(job, s.now()).toString());
      }
      if (s.spec().getJobId() == null) {
        Attempts.seen(st, job, st.getCompletionTime());
      }
      if (dliPhase == Phase.Failed && reason == null) {
        Optional<JobEvent> retrying = Retries.afterFailure(s, st, job);
        if (retrying.isPresent()) {
          events.add(retrying.get());
          return events;
        }
      }
      if (reason != null) {
        Cancellation c = Cancellations.start(st, reason, s.now());
        if (Cancellations.STOP_FAILED.equals(job.status())
            && !c.getOutcome().isFinal()
            && Cancellations.accepted(c)) {
          // DLI took the stop but could not carry it out; the job runs on: stop it again.
          c.setHttpStatus(null);
          c.setIsSuccess(null);
          c.setMessage(
              "DLI could not stop the job (" + Cancellations.STOP_FAILED + "): stopping it again");
        }
        if (ended && !c.getOutcome().isFinal()) {
          if (dliPhase == Phase.Cancelled && Cancellations.accepted(c)) {
            c.setOutcome(CancelOutcome.Cancelled);
            c.setCompletedAt(s.now().toString());
            if (Cancellations.ACCEPTED.equals(c.getMessage())) {
              c.setMessage("DLI cancelled the job"); // DLI said nothing of its own to keep
            }
            events.add(
                new JobEvent(
                    EventReason.Cancelled,
                    "DLI job " + st.getJobId() + " cancelled (" + reason + ")"));
          } else {
            events.add(Cancellations.endedBeforeCancel(st, c, job.status(), s.now()));
          }
        }
      }
      st.setPhase(ended ? dliPhase : reason != null ? Phase.Cancelling : dliPhase);
      events.addAll(transitionEvents(before, st, reason));
    } else if (observation instanceof DliObservation.NotFound missing) {
      st.setMessage("DLI does not know job " + st.getJobId() + ": " + missing.message());
      st.setPhase(Phase.Unknown);
      if (reason != null) {
        events.add(
            Cancellations.unknownToDli(
                st, Cancellations.start(st, reason, s.now()), missing, s.now()));
      }
    } else if (observation instanceof DliObservation.Unreadable unreadable) {
      st.setMessage("cannot read the DLI job: " + unreadable.failure().message());
    }
    return events;
  }

  /**
   * Folds a cancel call's outcome into status.cancellation: what DLI answered, as it answered it.
   */
  public List<JobEvent> cancelCalled(
      Snapshot s, DliJobStatus st, CancelReason reason, CancelAnswer answer) {
    Cancellation c = Cancellations.start(st, reason, s.now());
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
      c.setMessage(
          ok.message() == null || ok.message().isBlank() ? Cancellations.ACCEPTED : ok.message());
      st.setPhase(Phase.Cancelling);
    } else if (answer instanceof CancelAnswer.Unknown unknown) {
      events.add(Cancellations.unknownToDli(st, c, unknown.why(), s.now()));
    } else if (answer instanceof CancelAnswer.Refused refused) {
      CallFailure failed = refused.failure();
      c.setHttpStatus(failed.httpStatus() == 0 ? null : failed.httpStatus());
      // Only a 2xx failure is DLI saying is_success false; other failures carry no is_success at
      // all.
      c.setIsSuccess(failed.httpStatus() / 100 == 2 ? Boolean.FALSE : null);
      c.setErrorCode(failed.errorCode());
      c.setMessage(failed.message());
      if (failed.cause() == CallFailure.Cause.PERMANENT) {
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

  /** Folds the answer of a suspend (a stop with a savepoint) or a resume into the status. */
  public List<JobEvent> suspensionAnswered(DliJobStatus st, Suspension answer, Instant now) {
    return Suspensions.answered(st, answer, now);
  }

  /** spec.suspend on a Flink job not yet submitted: it waits Suspended, nothing is called. */
  public List<JobEvent> heldSuspended(DliJobStatus st) {
    return Suspensions.heldBeforeSubmit(st);
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
                          : " in " + HumanDuration.of(st.getDurationMillis()))));
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
}
