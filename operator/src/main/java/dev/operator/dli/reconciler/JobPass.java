package dev.operator.dli.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.lifecycle.Action;
import dev.operator.dli.lifecycle.Conditions;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.JobEvent;
import dev.operator.dli.lifecycle.Lifecycle;
import dev.operator.dli.lifecycle.Problem;
import dev.operator.dli.lifecycle.Snapshot;
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
final class JobPass {
  private static final int MAX_STEPS = 8;
  private static final ObjectMapper COPIER = new ObjectMapper();

  /** How the pass ended, and the resource as last written. */
  record Result(Action action, DliJob job) {}

  private final Lifecycle lifecycle;
  private final PollMemory memory;
  private final EventRecorder events;
  /** Writes a status with the resource's resourceVersion and returns the resource as stored. */
  private final BiFunction<DliJob, DliJobStatus, DliJob> statusWriter;
  private final Clock clock;
  private final Runnable afterSubmit;

  JobPass(Lifecycle lifecycle, PollMemory memory, EventRecorder events,
          BiFunction<DliJob, DliJobStatus, DliJob> statusWriter, Clock clock, Runnable afterSubmit) {
    this.lifecycle = lifecycle;
    this.memory = memory;
    this.events = events;
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.afterSubmit = afterSubmit;
  }

  Result run(DliJob job, ConnectionResolver.Resolved connection) {
    String uid = job.getMetadata().getUid();
    DliJobStatus st = job.getStatus() == null ? new DliJobStatus() : COPIER.convertValue(job.getStatus(), DliJobStatus.class);
    Instant created = job.getMetadata().getCreationTimestamp() == null ? clock.instant()
        : Instant.parse(job.getMetadata().getCreationTimestamp());
    DliGateway dli = connection.client() == null ? null : new DliGateway(connection.client(), job);
    Problem problem = connection.problem() == null ? null : new Problem("ConnectionInvalid", connection.problem());
    if (problem != null) {
      st.setMessage(problem.message());
    }
    List<JobEvent> pending = new ArrayList<>();
    boolean observed = false;
    boolean cancelCalled = false;
    Action action = null;
    for (int step = 0; step < MAX_STEPS; step++) {
      PollMemory.Counts counts = memory.get(uid);
      Snapshot s = new Snapshot(job.getSpec(), st, job.isMarkedForDeletion(), created, clock.instant(), observed,
          cancelCalled, counts.unchangedPolls(), counts.failures());
      action = lifecycle.decide(s);
      if (needsDli(action) && dli == null) {
        memory.failed(uid);
        action = new Action.Wait(lifecycle.retryDelay(memory.get(uid).failures()));
      }
      if (action instanceof Action.Submit) {
        lifecycle.submitting(st, s.now());
        job = write(job, st, problem, pending);
        DliGateway.Submission submission = dli.submit();
        afterSubmit.run();
        if (submission.failure() != null) {
          pending.addAll(lifecycle.submitFailed(st, submission.failure(), clock.instant()));
          problem = problemOf(submission.failure(), problem);
          if (submission.failure().kind() != DliObservation.Kind.PERMANENT) {
            memory.failed(uid);
            action = new Action.Wait(lifecycle.retryDelay(memory.get(uid).failures()));
            break;
          }
        } else {
          pending.addAll(lifecycle.submitted(st, submission.jobId(), submission.queue()));
          job = write(job, st, problem, pending);
        }
      } else if (action instanceof Action.LookupByTag) {
        DliGateway.Lookup lookup = dli.findSubmitted(st.getSubmittedAt() == null ? null : Instant.parse(st.getSubmittedAt()));
        if (lookup.failure() != null) {
          problem = problemOf(lookup.failure(), problem);
          st.setMessage("cannot look for the submitted job: " + lookup.failure().message());
          memory.failed(uid);
          action = new Action.Wait(lifecycle.retryDelay(memory.get(uid).failures()));
          break;
        }
        pending.addAll(lifecycle.lookedUp(st, lookup.jobId().orElse(null)));
      } else if (action instanceof Action.Adopt adopt) {
        pending.addAll(lifecycle.adopted(st, adopt.jobId()));
      } else if (action instanceof Action.Poll) {
        DliObservation observation = dli.status(st.getJobId());
        observed = true;
        pending.addAll(lifecycle.observed(s, st, observation));
        if (observation instanceof DliObservation.Failed failed) {
          problem = problemOf(failed, problem);
          memory.failed(uid);
        } else {
          memory.polled(uid, st.getDliStatus());
        }
      } else if (action instanceof Action.Cancel cancel) {
        DliGateway.CancelAnswer answer = dli.cancel(st.getJobId());
        cancelCalled = true;
        pending.addAll(lifecycle.cancelCalled(s, st, cancel.reason(), answer.failure(), answer.httpStatus(),
            answer.isSuccess()));
        if (answer.failure() instanceof DliObservation.Failed failed && failed.kind() != DliObservation.Kind.PERMANENT) {
          problem = problemOf(failed, problem);
          memory.failed(uid);
        }
      } else if (action instanceof Action.NoteAlreadyFinished note) {
        pending.addAll(lifecycle.alreadyFinished(st, note.reason(), s.now()));
      } else if (action instanceof Action.CancelBeforeSubmit) {
        pending.addAll(lifecycle.cancelledBeforeSubmit(st, s.now()));
      } else {
        break;
      }
    }
    if (action instanceof Action.Release release && release.why().startsWith("deletionPolicy is Orphan")
        && st.getJobId() != null && !Lifecycle.phaseOf(st).isTerminal()) {
      pending.add(JobEvent.normal("Orphaned", "Left DLI job " + st.getJobId() + " running: " + release.why()));
    }
    if (action instanceof Action.Release || action instanceof Action.DeleteResource) {
      memory.forget(uid);
    }
    job = write(job, st, problem, pending);
    for (JobEvent event : pending) {
      events.record(job, event);
    }
    return new Result(action, job);
  }

  /** Writes the status if it changed; a Stalled Event joins the pending Events when the resource just stalled. */
  private DliJob write(DliJob job, DliJobStatus st, Problem problem, List<JobEvent> pending) {
    Conditions.apply(st, job.getMetadata().getGeneration() == null ? 0 : job.getMetadata().getGeneration(), problem,
        clock.instant()).ifPresent(pending::add);
    if (Objects.equals(COPIER.valueToTree(st), job.getStatus() == null ? null : COPIER.valueToTree(job.getStatus()))) {
      return job;
    }
    return statusWriter.apply(job, COPIER.convertValue(st, DliJobStatus.class));
  }

  private static boolean needsDli(Action action) {
    return action instanceof Action.Submit || action instanceof Action.LookupByTag || action instanceof Action.Poll
        || action instanceof Action.Cancel;
  }

  /** Auth failures need a human: they make the resource Stalled. Others are retried quietly. */
  private static Problem problemOf(DliObservation.Failed failure, Problem current) {
    return failure.kind() == DliObservation.Kind.AUTH ? new Problem("AuthenticationFailed", failure.message()) : current;
  }
}
