package dev.operator.dli.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.connection.Connection;
import dev.operator.dli.connection.ConnectionResolver;
import dev.operator.dli.connection.ConnectionScheduler.Priority;
import dev.operator.dli.lifecycle.Action;
import dev.operator.dli.lifecycle.Answer;
import dev.operator.dli.lifecycle.Attempts;
import dev.operator.dli.lifecycle.CallFailure;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.Cancellations;
import dev.operator.dli.lifecycle.Conditions;
import dev.operator.dli.lifecycle.Decisions;
import dev.operator.dli.lifecycle.DefinitionDeletion;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.DliStatuses;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.lifecycle.JobEvent;
import dev.operator.dli.lifecycle.JobKind;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Outcomes;
import dev.operator.dli.lifecycle.Retries;
import dev.operator.dli.lifecycle.Snapshot;
import dev.operator.dli.lifecycle.Stall;
import dev.operator.dli.lifecycle.StallReason;
import dev.operator.dli.lifecycle.Submission;
import dev.operator.dli.lifecycle.Suspension;
import dev.operator.dli.lifecycle.Suspensions;
import dev.operator.dli.lifecycle.TtlGuard;
import dev.operator.dli.service.JobService;
import dev.operator.dli.service.Step;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One reconciliation pass over a DliJob: take the answer of a DLI call an earlier pass started,
 * then ask {@link Decisions} what to do and do it, until it says wait, delete or release. The pass
 * never waits for DLI: a call goes to the connection's scheduler, at the priority the pass gives
 * it, and the pass ends; the answer wakes the DliJob. Statuses come from the connection's sweep.
 * The status is written once at the end, and before that only the Submitting marker, which must be
 * stored before the submit call leaves, so that a crash can never cause a second submission.
 */
final class ReconcilePass {
  private static final int MAX_STEPS = 8;
  private static final ObjectMapper COPIER = new ObjectMapper();
  private static final String SPEC_MISSING =
      "the DliJob has no spec, so there is nothing to run: delete it and apply it again with one";

  /** How the pass ended, and the resource as last written. */
  record Result(Action action, DliJob job) {}

  /** What every pass shares: the decisions, the calls in memory, and the ways out. */
  record Parts(
      Decisions decisions,
      Outcomes outcomes,
      CallsUnderWay calls,
      EventRecorder events,
      StatusWriter writer,
      Clock clock,
      Runnable afterSubmit,
      Consumer<ResourceID> wake) {}

  private final Parts parts;
  private final CallsUnderWay calls;
  private final Context<DliJob> context;

  // The pass's working state.
  private DliJob job;
  private DliJobStatus st;
  private String uid;
  private Instant created;
  private Connection connection;
  private JobService service;
  private Stall stall;
  private ConnectionResolver.Resolved resolved;
  private final List<JobEvent> pending = new ArrayList<>();
  private boolean observed;
  private boolean cancelCalled;
  private String ttlHeldBy;
  private boolean definitionGone;

  /**
   * The answered call this pass folded in: forgotten only once the status that holds it is stored.
   */
  private CompletableFuture<Answer> taken;

  ReconcilePass(Parts parts, Context<DliJob> context) {
    this.parts = parts;
    this.calls = parts.calls();
    this.context = context;
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
            ? now()
            : Instant.parse(job.getMetadata().getCreationTimestamp());
    this.resolved = resolved;
    connection = resolved.connection();
    service =
        connection == null || job.getSpec() == null
            ? null
            : JobService.of(connection.client(), parts.clock(), job);
    stall = calls.stall(uid);
    ttlHeldBy =
        job.getSpec() == null || job.getSpec().getTtlSecondsAfterFinished() == null
            ? null
            : TtlGuard.holdsBack(job.getMetadata().getLabels(), job.getMetadata().getAnnotations())
                .orElse(null);
    if (ttlHeldBy != null && firstLook()) {
      pending.add(TtlGuard.warning(ttlHeldBy));
    }
    if (job.getSpec() == null) {
      stall = new Stall(StallReason.SpecMissing, SPEC_MISSING);
      st.setMessage(SPEC_MISSING);
    } else if (resolved.stall() != null) {
      stall = resolved.stall();
      st.setMessage(stall.message());
    }
    // a deprecated default (DLI_DEFAULT_CONNECTION) is the operator's to mend, not the job's
    // author's
    if (resolved.deprecated() && job.getSpec().getConnection() != null && firstLook()) {
      pending.add(
          new JobEvent(
              EventReason.DeprecatedConnection,
              "This DliJob uses "
                  + resolved.target()
                  + ", a deprecated connection Secret: name a DliConnection or"
                  + " ClusterDliConnection in spec.connectionRef (see the README, Connections)"));
    }
    Action end = takeAnswer();
    for (int step = 0; step < MAX_STEPS && end == null; step++) {
      end = perform(parts.decisions().decide(snapshot()));
    }
    if (end == null) {
      end = retryLater(null); // the decisions kept asking for work: look again soon, not never
    }
    if (end instanceof Action.Release release && resolved.connectionGone()) {
      pending.add(
          new JobEvent(EventReason.ReleasedWithoutConnection, "Released: " + release.why()));
    }
    if (stall == null) {
      // A stall the status itself shows says so in the message too, not only in the conditions.
      parts
          .decisions()
          .stall(snapshot())
          .ifPresent(
              found -> {
                stall = found;
                st.setMessage(found.message());
              });
    }
    if (end instanceof Action.Release release && release.orphaned()) {
      pending.add(
          new JobEvent(
              EventReason.Orphaned,
              "Left DLI job " + st.getJobId() + " running: " + release.why()));
    }
    if (end instanceof Action.Release
        || end instanceof Action.DeleteResource
        || (DliStatuses.phaseOf(st).isTerminal() && !callUnderWay())) {
      forgetJob(); // an ended job's memory goes, but not a call still under way (a definition's
      // delete): its answer is awaited
    }
    write();
    if (taken != null) {
      calls.finished(uid, taken); // a pass that failed before this takes the same answer again
    }
    pending.forEach(event -> parts.events().record(job, event));
    return new Result(end, job);
  }

  /** Whether the operator has not written this resource's status yet. */
  private boolean firstLook() {
    Long observedGeneration = st.getObservedGeneration();
    return observedGeneration == null || observedGeneration == 0;
  }

  private Snapshot snapshot() {
    return Snapshot.of(job.getSpec(), st, now())
        .deleting(job.isMarkedForDeletion())
        .createdAt(created)
        .observed(observed)
        .cancelCalled(cancelCalled)
        .failures(calls.failures(uid))
        .ttlHeld(ttlHeldBy != null)
        .definitionGone(definitionGone)
        .connectionGone(resolved.connectionGone())
        .build();
  }

  /**
   * Takes the answer of the call an earlier pass started. Returns a wait while it is under way (its
   * answer wakes the DliJob), or how the pass ends after a failure, or null to decide.
   */
  private Action takeAnswer() {
    Optional<CompletableFuture<Answer>> call = calls.underWay(uid);
    if (call.isEmpty()) {
      return null;
    }
    if (!call.get().isDone()) {
      return new Action.Wait(null);
    }
    taken = call.get();
    Answer answer = taken.join();
    if (answer instanceof Submission submission) {
      return submitted(submission);
    }
    if (answer instanceof Lookup lookup) {
      return lookedUp(lookup);
    }
    if (answer instanceof CancelAnswer cancel) {
      return cancelled(cancel);
    }
    if (answer instanceof DefinitionDeletion deletion) {
      return definitionDeleted(deletion);
    }
    if (answer instanceof Suspension suspension) {
      return suspensionAnswered(suspension);
    }
    throw new IllegalStateException("an answer of no known call: " + answer);
  }

  /** Carries out one action; returns it when the pass ends with it, null to decide again. */
  private Action perform(Action action) {
    if (needsDli(action) && service == null) {
      return retryLater(null);
    }
    if (action instanceof Action.Submit && resolved.refusesSubmits() != null) {
      stall = resolved.refusesSubmits(); // its connection is being deleted
      return new Action.Wait(null);
    }
    if (action instanceof Action.Submit) {
      // The marker is stored before the call leaves: a crash after it can only lead to a lookup.
      parts.outcomes().submitting(st, now());
      write();
      int attempt = Attempts.number(st);
      return start(
          Priority.SUBMIT,
          service.submit(attempt),
          failure -> new Submission.Failed(failure, now()));
    }
    if (action instanceof Action.LookupByTag) {
      Instant marker = st.getSubmittedAt() == null ? null : Instant.parse(st.getSubmittedAt());
      int attempt = Attempts.number(st);
      return start(Priority.SUBMIT, service.findSubmitted(marker, attempt), Lookup.Failed::new);
    }
    if (action instanceof Action.Cancel) {
      String jobId = st.getJobId();
      return start(
          Priority.CANCEL, Step.single(() -> service.cancel(jobId)), CancelAnswer.Refused::new);
    }
    if (action instanceof Action.DeleteDefinition) {
      String jobId = st.getJobId();
      return start(
          Priority.CANCEL,
          Step.single(() -> service.deleteDefinition(jobId)),
          DefinitionDeletion.Refused::new);
    }
    if (action instanceof Action.Suspend) {
      String jobId = st.getJobId();
      return start(
          Priority.CANCEL,
          Step.single(() -> service.suspend(jobId)),
          failure -> new Suspension.Stop(new CancelAnswer.Refused(failure)));
    }
    if (action instanceof Action.Resume) {
      String jobId = st.getJobId();
      return start(
          Priority.SUBMIT, Step.single(() -> service.resume(jobId)), Suspension.Resume::new);
    }
    if (action instanceof Action.Observe) {
      return takeLatestWord();
    }
    if (action instanceof Action.Adopt adopt) {
      pending.addAll(parts.outcomes().adopted(st, adopt.jobId()));
    } else if (action instanceof Action.NoteAlreadyFinished note) {
      pending.addAll(parts.outcomes().alreadyFinished(st, note.reason(), now()));
    } else if (action instanceof Action.CancelBeforeSubmit cancel) {
      pending.addAll(parts.outcomes().cancelledBeforeSubmit(st, cancel.reason(), now()));
    } else if (action instanceof Action.HoldSuspended) {
      pending.addAll(parts.outcomes().heldSuspended(st));
    } else {
      return action; // Wait, DeleteResource or Release: the reconciler's to carry out
    }
    return null;
  }

  /**
   * Hands a call to the connection's scheduler, which sends its requests one permit each; its
   * answer wakes the DliJob. A call that could not run at all (the connection closed, say) answers
   * as a failure to reach DLI.
   */
  private <A extends Answer> Action start(
      Priority priority, Step<A> call, Function<CallFailure, A> notRun) {
    CompletableFuture<Answer> answer =
        connection
            .scheduler()
            .schedule(priority, call)
            .<Answer>thenApply(done -> done)
            .exceptionally(
                e ->
                    notRun.apply(
                        new CallFailure(
                            CallFailure.Cause.TRANSIENT,
                            0,
                            null,
                            "the call did not run: " + causeOf(e))));
    calls.start(uid, answer);
    ResourceID resource = ResourceID.fromResource(job);
    answer.whenComplete((value, error) -> parts.wake().accept(resource));
    return new Action.Wait(null);
  }

  private static Throwable causeOf(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** The connection's sweep follows the job; its latest word, if it has one yet. */
  private Action takeLatestWord() {
    Optional<DliObservation> latest = connection.sweep().latest(st.getJobId());
    if (latest.isEmpty() || !DliStatuses.isFinal(latest.get())) {
      connection
          .sweep()
          .track(st.getJobId(), JobKind.of(job.getSpec()), ResourceID.fromResource(job));
    }
    if (latest.isEmpty()) {
      return new Action.Wait(null); // the sweep wakes the DliJob with the job's first status
    }
    if (DliStatuses.phaseOf(st) == Phase.Cancelling) {
      connection.sweep().expectEnd(st.getJobId()); // so that the cancel's outcome shows soon
    }
    Snapshot atRead = snapshot();
    observed = true;
    String jobId = st.getJobId();
    pending.addAll(parts.outcomes().observed(atRead, st, latest.get()));
    if (Retries.backingOff(st)) {
      connection.sweep().forget(jobId); // the failed attempt's job: the next one is a new job
    }
    if (latest.get() instanceof DliObservation.Unreadable unreadable) {
      return failedCall(unreadable.failure());
    }
    calls.succeeded(uid);
    return null;
  }

  private Action submitted(Submission submission) {
    try {
      parts.afterSubmit().run();
    } catch (RuntimeException e) {
      calls.forget(uid); // the seam stands for a crash, and a crash loses what memory held
      throw e;
    }
    if (submission instanceof Submission.Failed failed) {
      pending.addAll(parts.outcomes().submitFailed(st, failed.failure(), failed.sentAt()));
      return failed.failure().cause() == CallFailure.Cause.PERMANENT
          ? null
          : failedCall(failed.failure());
    }
    if (submission instanceof Submission.Submitted submitted) {
      calls.succeeded(uid);
      pending.addAll(parts.outcomes().submitted(st, submitted.jobId(), submitted.queue()));
    }
    return null;
  }

  private Action lookedUp(Lookup lookup) {
    if (lookup instanceof Lookup.Failed failed) {
      st.setMessage("cannot look for the submitted job: " + failed.failure().message());
      return failedCall(failed.failure());
    }
    if (lookup instanceof Lookup.Looked looked) {
      calls.succeeded(uid);
      pending.addAll(parts.outcomes().lookedUp(snapshot(), st, looked.jobId().orElse(null)));
    }
    return parts.decisions().afterLookup(snapshot());
  }

  private Action cancelled(CancelAnswer answer) {
    cancelCalled = true;
    Snapshot now = snapshot();
    pending.addAll(parts.outcomes().cancelCalled(now, st, Cancellations.reason(now), answer));
    if (answer instanceof CancelAnswer.Refused refused
        && refused.failure().cause() != CallFailure.Cause.PERMANENT) {
      return failedCall(refused.failure());
    }
    if (answer instanceof CancelAnswer.Accepted && JobKind.of(job.getSpec()) == JobKind.FLINK) {
      // What the sweep saw before this stop (say job_cancel_fail) says nothing of its outcome.
      connection.sweep().forgetLatest(st.getJobId());
      connection.sweep().expectEnd(st.getJobId());
    }
    calls.succeeded(uid);
    return null;
  }

  /**
   * The Flink job's definition is gone (or DLI does not know it): the resource may go. A permanent
   * refusal lets it go too, with a Warning, so that a deletion never hangs on it.
   */
  private Action definitionDeleted(DefinitionDeletion deletion) {
    if (deletion instanceof DefinitionDeletion.Refused refused) {
      if (refused.failure().cause() != CallFailure.Cause.PERMANENT) {
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

  /**
   * A suspend or resume, taken or not, may have changed the job's status: the sweep's older word
   * must not count (a suspended job's job_cancel_success would call for the resume again), and it
   * reads the job anew. A refusal is retried after a back-off, Stalled while it is DLI's final
   * word.
   */
  private Action suspensionAnswered(Suspension answer) {
    pending.addAll(parts.outcomes().suspensionAnswered(st, answer, now()));
    connection.sweep().forgetLatest(st.getJobId());
    Optional<CallFailure> failure = Suspensions.failure(answer);
    if (failure.isPresent()) {
      if (failure.get().cause() == CallFailure.Cause.PERMANENT) {
        stall = new Stall(StallReason.SuspensionRefused, st.getMessage());
      }
      return failedCall(failure.get());
    }
    calls.succeeded(uid);
    return null;
  }

  /** Counts a failed DLI call; auth failures need a human and make the resource Stalled. */
  private Action failedCall(CallFailure failure) {
    if (failure.cause() == CallFailure.Cause.AUTH) {
      stall = new Stall(StallReason.AuthenticationFailed, failure.message());
    }
    return retryLater(stall);
  }

  private Action retryLater(Stall cause) {
    calls.failed(uid, cause);
    return new Action.Wait(parts.decisions().retryDelay(calls.failures(uid)));
  }

  private boolean callUnderWay() {
    return calls.underWay(uid).map(call -> !call.isDone()).orElse(false);
  }

  private void forgetJob() {
    calls.forget(uid);
    if (connection != null && st.getJobId() != null) {
      connection.sweep().forget(st.getJobId());
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
            stall,
            now())
        .ifPresent(pending::add);
    if (!Objects.equals(
        COPIER.valueToTree(st),
        job.getStatus() == null ? null : COPIER.valueToTree(job.getStatus()))) {
      job = parts.writer().write(job, COPIER.convertValue(st, DliJobStatus.class), context);
    }
  }

  private Instant now() {
    return parts.clock().instant();
  }

  private static boolean needsDli(Action action) {
    return action instanceof Action.Submit
        || action instanceof Action.LookupByTag
        || action instanceof Action.Observe
        || action instanceof Action.Cancel
        || action instanceof Action.DeleteDefinition
        || action instanceof Action.Suspend
        || action instanceof Action.Resume;
  }
}
