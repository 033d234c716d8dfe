package dev.operator.dli.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.lifecycle.Action;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.Conditions;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.lifecycle.JobEvent;
import dev.operator.dli.lifecycle.Lifecycle;
import dev.operator.dli.lifecycle.Problem;
import dev.operator.dli.lifecycle.Snapshot;
import dev.operator.dli.lifecycle.StallReason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One reconciliation pass over a DliJob: ask the lifecycle what to do, do it through DLI, fold the
 * outcome back, until the lifecycle says wait, delete or release. Status is written with optimistic
 * locking, and the Submitting marker before the submit call, so that a crash can never cause a
 * second submission.
 */
final class LifecycleRunner {
  private static final int MAX_STEPS = 8;
  private static final ObjectMapper COPIER = new ObjectMapper();

  /** How the pass ended, and the resource as last written. */
  record Result(Action action, DliJob job) {}

  private final Lifecycle lifecycle;
  private final PollCounters counters;
  private final EventRecorder events;

  /** Writes a status with the resource's resourceVersion and returns the resource as stored. */
  private final BiFunction<DliJob, DliJobStatus, DliJob> statusWriter;

  private final Clock clock;
  private final Runnable afterSubmit;

  // The pass's working state.
  private DliJob job;
  private DliJobStatus st;
  private String uid;
  private Instant created;
  private DliGateway dli;
  private Problem problem;
  private final List<JobEvent> pending = new ArrayList<>();
  private boolean observed;
  private boolean cancelCalled;

  LifecycleRunner(
      Lifecycle lifecycle,
      PollCounters counters,
      EventRecorder events,
      BiFunction<DliJob, DliJobStatus, DliJob> statusWriter,
      Clock clock,
      Runnable afterSubmit) {
    this.lifecycle = lifecycle;
    this.counters = counters;
    this.events = events;
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.afterSubmit = afterSubmit;
  }

  Result run(DliJob resource, ConnectionResolver.Resolved connection) {
    job = resource;
    uid = job.getMetadata().getUid();
    st =
        job.getStatus() == null
            ? new DliJobStatus()
            : COPIER.convertValue(job.getStatus(), DliJobStatus.class);
    created =
        job.getMetadata().getCreationTimestamp() == null
            ? clock.instant()
            : Instant.parse(job.getMetadata().getCreationTimestamp());
    dli =
        connection.client() == null
            ? null
            : new DliGateway(connection.client(), connection.listCache(), job);
    if (connection.problem() != null) {
      problem = new Problem(StallReason.ConnectionInvalid, connection.problem());
      st.setMessage(connection.problem());
    }
    Action end = null;
    for (int step = 0; step < MAX_STEPS && end == null; step++) {
      end = perform(lifecycle.decide(snapshot()));
    }
    if (end == null) {
      end = retryLater(); // the lifecycle kept asking for work: look again soon rather than never
    }
    if (end instanceof Action.Release release && release.orphaned()) {
      pending.add(
          new JobEvent(
              EventReason.Orphaned,
              "Left DLI job " + st.getJobId() + " running: " + release.why()));
    }
    if (end instanceof Action.Release || end instanceof Action.DeleteResource) {
      counters.forget(uid);
    }
    write();
    pending.forEach(event -> events.record(job, event));
    return new Result(end, job);
  }

  private Snapshot snapshot() {
    PollCounters.Counts counts = counters.get(uid);
    return new Snapshot(
        job.getSpec(),
        st,
        job.isMarkedForDeletion(),
        created,
        clock.instant(),
        observed,
        cancelCalled,
        counts.unchangedPolls(),
        counts.failures());
  }

  /** Carries out one action; returns it when the pass ends with it, null to decide again. */
  private Action perform(Action action) {
    if (needsDli(action) && dli == null) {
      return retryLater();
    }
    if (action instanceof Action.Submit) {
      return submit();
    }
    if (action instanceof Action.LookupByTag) {
      return lookup();
    }
    if (action instanceof Action.Poll) {
      poll();
    } else if (action instanceof Action.Cancel cancel) {
      cancel(cancel);
    } else if (action instanceof Action.Adopt adopt) {
      pending.addAll(lifecycle.adopted(st, adopt.jobId()));
    } else if (action instanceof Action.NoteAlreadyFinished note) {
      pending.addAll(lifecycle.alreadyFinished(st, note.reason(), clock.instant()));
    } else if (action instanceof Action.CancelBeforeSubmit) {
      pending.addAll(lifecycle.cancelledBeforeSubmit(st, clock.instant()));
    } else {
      return action; // Wait, DeleteResource or Release: the reconciler's to carry out
    }
    return null;
  }

  /** The marker first, then the call, then the job ID at once. */
  private Action submit() {
    lifecycle.submitting(st, clock.instant());
    write();
    DliGateway.Submission submission = dli.submit();
    afterSubmit.run();
    if (submission instanceof DliGateway.Submission.Submitted submitted) {
      pending.addAll(lifecycle.submitted(st, submitted.jobId(), submitted.queue()));
      write();
      return null;
    }
    DliObservation.Failed failure = ((DliGateway.Submission.SubmitFailed) submission).failure();
    pending.addAll(lifecycle.submitFailed(st, failure, clock.instant()));
    return failure.kind() == DliObservation.Kind.PERMANENT ? null : failedCall(failure);
  }

  private Action lookup() {
    DliGateway.Lookup lookup =
        dli.findSubmitted(st.getSubmittedAt() == null ? null : Instant.parse(st.getSubmittedAt()));
    if (lookup instanceof DliGateway.Lookup.LookupFailed failed) {
      st.setMessage("cannot look for the submitted job: " + failed.failure().message());
      return failedCall(failed.failure());
    }
    pending.addAll(
        lifecycle.lookedUp(
            snapshot(), st, ((DliGateway.Lookup.Looked) lookup).jobId().orElse(null)));
    return lifecycle.afterLookup(snapshot());
  }

  private void poll() {
    Snapshot atCall = snapshot();
    DliObservation observation = dli.status(st.getJobId());
    observed = true;
    pending.addAll(lifecycle.observed(atCall, st, observation));
    if (observation instanceof DliObservation.Failed failed) {
      failedCall(failed);
    } else {
      counters.polled(uid, st.getDliStatus());
    }
  }

  private void cancel(Action.Cancel cancel) {
    Snapshot atCall = snapshot();
    CancelAnswer answer = dli.cancel(st.getJobId());
    cancelCalled = true;
    pending.addAll(lifecycle.cancelCalled(atCall, st, cancel.reason(), answer));
    if (answer instanceof CancelAnswer.Refused refused
        && refused.failure().kind() != DliObservation.Kind.PERMANENT) {
      failedCall(refused.failure());
    }
  }

  /** Counts a failed DLI call; auth failures need a human and make the resource Stalled. */
  private Action failedCall(DliObservation.Failed failure) {
    if (failure.kind() == DliObservation.Kind.AUTH) {
      problem = new Problem(StallReason.AuthenticationFailed, failure.message());
    }
    return retryLater();
  }

  private Action retryLater() {
    counters.failed(uid);
    return new Action.Wait(lifecycle.retryDelay(counters.get(uid).failures()));
  }

  /**
   * Writes the status if it changed; a Stalled Event joins the pending Events when the resource
   * just stalled.
   */
  private void write() {
    Conditions.apply(
            st,
            job.getMetadata().getGeneration() == null ? 0 : job.getMetadata().getGeneration(),
            problem,
            clock.instant())
        .ifPresent(pending::add);
    if (!Objects.equals(
        COPIER.valueToTree(st),
        job.getStatus() == null ? null : COPIER.valueToTree(job.getStatus()))) {
      job = statusWriter.apply(job, COPIER.convertValue(st, DliJobStatus.class));
    }
  }

  private static boolean needsDli(Action action) {
    return action instanceof Action.Submit
        || action instanceof Action.LookupByTag
        || action instanceof Action.Poll
        || action instanceof Action.Cancel;
  }
}
