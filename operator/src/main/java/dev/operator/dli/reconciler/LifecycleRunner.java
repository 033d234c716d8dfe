package dev.operator.dli.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
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
import dev.operator.dli.lifecycle.TtlGuard;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One reconciliation pass over a DliJob: take the answer of a DLI call an earlier pass started,
 * then ask the lifecycle what to do and do it, until it says wait, delete or release. The pass
 * never waits for DLI: a call goes to the connection's scheduler and the pass ends; the answer
 * wakes the DliJob. Statuses come from the connection's sweep. Status is written with optimistic
 * locking, and the Submitting marker before the submit call is handed over, so that a crash can
 * never cause a second submission.
 */
final class LifecycleRunner {
  private static final int MAX_STEPS = 8;
  private static final ObjectMapper COPIER = new ObjectMapper();
  private static final String SPEC_MISSING =
      "the DliJob has no spec, so there is nothing to run: delete it and apply it again with one";

  /** How the pass ended, and the resource as last written. */
  record Result(Action action, DliJob job) {}

  private final Lifecycle lifecycle;
  private final JobCalls calls;
  private final EventRecorder events;

  /** Writes a status with the resource's resourceVersion and returns the resource as stored. */
  private final BiFunction<DliJob, DliJobStatus, DliJob> statusWriter;

  private final Clock clock;
  private final Runnable afterSubmit;
  private final Consumer<ResourceID> wake;

  // The pass's working state.
  private DliJob job;
  private DliJobStatus st;
  private String uid;
  private Instant created;
  private ConnectionResolver.Connection connection;
  private DliGateway dli;
  private Problem problem;
  private final List<JobEvent> pending = new ArrayList<>();
  private boolean observed;
  private boolean cancelCalled;
  private String ttlHeldBy;
  private boolean definitionGone;

  /**
   * The answered call this pass folded in: forgotten only once the status that holds it is stored.
   */
  private JobCalls.Call taken;

  /**
   * @param afterSubmit runs when a submit's answer is taken, before its job ID is recorded (tests
   *     simulate a crash there)
   * @param wake wakes a DliJob when the answer of its call is there
   */
  LifecycleRunner(
      Lifecycle lifecycle,
      JobCalls calls,
      EventRecorder events,
      BiFunction<DliJob, DliJobStatus, DliJob> statusWriter,
      Clock clock,
      Runnable afterSubmit,
      Consumer<ResourceID> wake) {
    this.lifecycle = lifecycle;
    this.calls = calls;
    this.events = events;
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.afterSubmit = afterSubmit;
    this.wake = wake;
  }

  Result run(DliJob resource, ConnectionResolver.Resolved resolved) {
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
    connection = resolved.connection();
    dli =
        connection == null
            ? null
            : new DliGateway(connection.client(), connection.scheduler(), clock, job);
    problem = calls.problem(uid);
    ttlHeldBy =
        job.getSpec() == null || job.getSpec().getTtlSecondsAfterFinished() == null
            ? null
            : TtlGuard.holdsBack(job.getMetadata().getLabels(), job.getMetadata().getAnnotations())
                .orElse(null);
    if (ttlHeldBy != null && firstLook()) {
      pending.add(TtlGuard.warning(ttlHeldBy));
    }
    if (job.getSpec() == null) {
      problem = new Problem(StallReason.SpecMissing, SPEC_MISSING);
      st.setMessage(SPEC_MISSING);
    } else if (resolved.problem() != null) {
      problem = new Problem(StallReason.ConnectionInvalid, resolved.problem());
      st.setMessage(resolved.problem());
    }
    Action end = takeAnswer();
    for (int step = 0; step < MAX_STEPS && end == null; step++) {
      end = perform(lifecycle.decide(snapshot()));
    }
    if (end == null) {
      end = retryLater(null); // the lifecycle kept asking for work: look again soon, not never
    }
    if (end instanceof Action.Release release && release.orphaned()) {
      pending.add(
          new JobEvent(
              EventReason.Orphaned,
              "Left DLI job " + st.getJobId() + " running: " + release.why()));
    }
    if (end instanceof Action.Release
        || end instanceof Action.DeleteResource
        || (Lifecycle.phaseOf(st).isTerminal() && !callUnderWay())) {
      forgetJob(); // an ended job's memory goes, but not a call still under way (a definition's
      // delete): its answer is awaited
    }
    write();
    if (taken != null) {
      calls.finished(uid, taken); // a pass that failed before this takes the same answer again
    }
    pending.forEach(event -> events.record(job, event));
    return new Result(end, job);
  }

  /** Whether the operator has not written this resource's status yet. */
  private boolean firstLook() {
    Long observedGeneration = st.getObservedGeneration();
    return observedGeneration == null || observedGeneration == 0;
  }

  private Snapshot snapshot() {
    return new Snapshot(
        job.getSpec(),
        st,
        job.isMarkedForDeletion(),
        created,
        clock.instant(),
        observed,
        cancelCalled,
        calls.failures(uid),
        ttlHeldBy != null,
        definitionGone);
  }

  /**
   * Takes the answer of the call an earlier pass started. Returns a wait while it is under way (its
   * answer wakes the DliJob), or how the pass ends after a failure, or null to decide.
   */
  private Action takeAnswer() {
    Optional<JobCalls.Call> call = calls.underWay(uid);
    if (call.isEmpty()) {
      return null;
    }
    if (!call.get().answer().isDone()) {
      return new Action.Wait(null);
    }
    taken = call.get();
    Object answer = answerOf(taken);
    return switch (call.get().kind()) {
      case SUBMIT -> submitted((DliGateway.Submission) answer);
      case LOOKUP -> lookedUp((DliGateway.Lookup) answer);
      case CANCEL -> cancelled((CancelAnswer) answer);
      case DELETE -> definitionDeleted((CancelAnswer) answer);
    };
  }

  /** Carries out one action; returns it when the pass ends with it, null to decide again. */
  private Action perform(Action action) {
    if (needsDli(action) && dli == null) {
      return retryLater(null);
    }
    if (action instanceof Action.Submit) {
      // The marker is stored before the call leaves: a crash after it can only lead to a lookup.
      lifecycle.submitting(st, clock.instant());
      write();
      return start(JobCalls.Kind.SUBMIT, dli.submit());
    }
    if (action instanceof Action.LookupByTag) {
      return start(
          JobCalls.Kind.LOOKUP,
          dli.findSubmitted(
              st.getSubmittedAt() == null ? null : Instant.parse(st.getSubmittedAt())));
    }
    if (action instanceof Action.Cancel) {
      return start(JobCalls.Kind.CANCEL, dli.cancel(st.getJobId()));
    }
    if (action instanceof Action.DeleteDefinition) {
      return start(JobCalls.Kind.DELETE, dli.deleteDefinition(st.getJobId()));
    }
    if (action instanceof Action.Poll) {
      return takeLatestWord();
    }
    if (action instanceof Action.Adopt adopt) {
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

  /** Hands a call over; its answer wakes the DliJob. */
  private Action start(JobCalls.Kind kind, CompletableFuture<?> answer) {
    calls.start(uid, new JobCalls.Call(kind, answer));
    ResourceID resource = ResourceID.fromResource(job);
    answer.whenComplete((value, error) -> wake.accept(resource));
    return new Action.Wait(null);
  }

  /** The connection's sweep follows the job; its latest word, if it has one yet. */
  private Action takeLatestWord() {
    Optional<DliObservation> latest = connection.sweep().latest(st.getJobId());
    if (latest.isEmpty() || !Observations.isFinal(latest.get())) {
      connection.sweep().track(st.getJobId(), dli.kind(), ResourceID.fromResource(job));
    }
    if (latest.isEmpty()) {
      return new Action.Wait(null); // the sweep wakes the DliJob with the job's first status
    }
    if (Lifecycle.phaseOf(st) == Phase.Cancelling) {
      connection.sweep().expectEnd(st.getJobId()); // so that the cancel's outcome shows soon
    }
    Snapshot atRead = snapshot();
    observed = true;
    pending.addAll(lifecycle.observed(atRead, st, latest.get()));
    if (latest.get() instanceof DliObservation.Failed failed) {
      return failedCall(failed);
    }
    calls.succeeded(uid);
    return null;
  }

  private Action submitted(DliGateway.Submission submission) {
    try {
      afterSubmit.run();
    } catch (RuntimeException e) {
      calls.forget(uid); // the seam stands for a crash, and a crash loses what memory held
      throw e;
    }
    if (submission instanceof DliGateway.Submission.Submitted submitted) {
      calls.succeeded(uid);
      pending.addAll(lifecycle.submitted(st, submitted.jobId(), submitted.queue()));
      write();
      return null;
    }
    DliObservation.Failed failure = ((DliGateway.Submission.SubmitFailed) submission).failure();
    pending.addAll(lifecycle.submitFailed(st, failure, submission.sentAt()));
    return failure.kind() == DliObservation.Kind.PERMANENT ? null : failedCall(failure);
  }

  private Action lookedUp(DliGateway.Lookup lookup) {
    if (lookup instanceof DliGateway.Lookup.LookupFailed failed) {
      st.setMessage("cannot look for the submitted job: " + failed.failure().message());
      return failedCall(failed.failure());
    }
    calls.succeeded(uid);
    pending.addAll(
        lifecycle.lookedUp(
            snapshot(), st, ((DliGateway.Lookup.Looked) lookup).jobId().orElse(null)));
    return lifecycle.afterLookup(snapshot());
  }

  private Action cancelled(CancelAnswer answer) {
    cancelCalled = true;
    Snapshot now = snapshot();
    pending.addAll(lifecycle.cancelCalled(now, st, Lifecycle.cancelReason(now), answer));
    if (answer instanceof CancelAnswer.Refused refused
        && refused.failure().kind() != DliObservation.Kind.PERMANENT) {
      return failedCall(refused.failure());
    }
    if (answer instanceof CancelAnswer.Accepted && dli != null && dli.kind() == JobKind.FLINK) {
      // What the sweep saw before this stop (say job_cancel_fail) says nothing of its outcome.
      connection.sweep().forgetLatest(st.getJobId());
    }
    calls.succeeded(uid);
    return null;
  }

  /**
   * The Flink job's definition is gone (or DLI does not know it): the resource may go. A permanent
   * refusal lets it go too, with a Warning, so that a deletion never hangs on it.
   */
  private Action definitionDeleted(CancelAnswer answer) {
    if (answer instanceof CancelAnswer.Refused refused) {
      if (refused.failure().kind() != DliObservation.Kind.PERMANENT) {
        return failedCall(refused.failure());
      }
      pending.add(
          new JobEvent(
              EventReason.DefinitionNotDeleted,
              "DLI refused to delete Flink job "
                  + st.getJobId()
                  + "; delete it in DLI: "
                  + refused.failure().message()));
    }
    calls.succeeded(uid);
    definitionGone = true;
    return null;
  }

  /** Counts a failed DLI call; auth failures need a human and make the resource Stalled. */
  private Action failedCall(DliObservation.Failed failure) {
    if (failure.kind() == DliObservation.Kind.AUTH) {
      problem = new Problem(StallReason.AuthenticationFailed, failure.message());
    }
    return retryLater(problem);
  }

  private Action retryLater(Problem cause) {
    calls.failed(uid, cause);
    return new Action.Wait(lifecycle.retryDelay(calls.failures(uid)));
  }

  private boolean callUnderWay() {
    return calls.underWay(uid).map(call -> !call.answer().isDone()).orElse(false);
  }

  private void forgetJob() {
    calls.forget(uid);
    if (connection != null && st.getJobId() != null) {
      connection.sweep().forget(st.getJobId());
    }
  }

  /**
   * A finished call's answer; a call that could not run at all counts as a failure to reach DLI.
   */
  private Object answerOf(JobCalls.Call call) {
    try {
      return call.answer().join();
    } catch (CompletionException e) {
      DliObservation.Failed failed =
          new DliObservation.Failed(
              DliObservation.Kind.TRANSIENT, 0, null, "the call did not run: " + e.getCause());
      return switch (call.kind()) {
        case SUBMIT -> new DliGateway.Submission.SubmitFailed(failed, clock.instant());
        case LOOKUP -> new DliGateway.Lookup.LookupFailed(failed);
        case CANCEL, DELETE -> new CancelAnswer.Refused(failed);
      };
    }
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
        || action instanceof Action.Cancel
        || action instanceof Action.DeleteDefinition;
  }
}
