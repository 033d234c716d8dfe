package dev.operator.dli.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Flink job: job_init until run, job_submitting while it launches, then job_running until it is
 * stopped (or its directive ends it: job_finish, job_running_exception, or job_submit_fail at
 * submit). A stop goes through job_savepointing (when asked for) and job_canceling to
 * job_cancel_success, or, when the stop fails, to job_cancel_fail with the job still running.
 */
final class SimulatedFlinkJob {
  final long id;
  final String name;
  final String jobType;
  final String queue;
  final String sqlBody;
  final String entrypoint;
  final String mainClass;
  final String entrypointArgs;
  final List<Map<String, String>> tags;
  final Instant created;
  private final Duration launchFor;
  private final Duration cancelTakes;
  private final Directive directive;
  private Instant runAt;
  private Instant stopAt;
  private boolean savepoint;
  private boolean stopFails;
  private boolean stopFailed;
  private String savepointPath;
  private final List<String> resumedFrom = new ArrayList<>();

  SimulatedFlinkJob(
      long id,
      String name,
      String jobType,
      String queue,
      String sqlBody,
      String entrypoint,
      String mainClass,
      String entrypointArgs,
      List<Map<String, String>> tags,
      Instant created,
      Duration launchFor,
      Duration cancelTakes,
      Directive directive) {
    this.id = id;
    this.name = name;
    this.jobType = jobType;
    this.queue = queue;
    this.sqlBody = sqlBody;
    this.entrypoint = entrypoint;
    this.mainClass = mainClass;
    this.entrypointArgs = entrypointArgs;
    this.tags = tags;
    this.created = created;
    this.launchFor = launchFor;
    this.cancelTakes = cancelTakes;
    this.directive = directive;
  }

  synchronized String status(Instant now) {
    if (runAt == null) {
      return "job_init";
    }
    Instant running = runAt.plus(launchFor);
    Instant ends =
        directive.failsAtSubmit() || directive.runFor() == null
            ? null
            : running.plus(directive.runFor());
    if (stopAt != null && (ends == null || stopAt.isBefore(ends))) {
      Instant stopped = stopAt.plus(cancelTakes);
      if (now.isBefore(stopAt.plus(savepoint ? cancelTakes.dividedBy(2) : Duration.ZERO))) {
        return "job_savepointing";
      }
      if (now.isBefore(stopped)) {
        return "job_canceling";
      }
      if (!stopFails) {
        return "job_cancel_success";
      }
      // The stop failed: the job runs on, and says job_cancel_fail until it is stopped again.
      stopAt = null;
      stopFails = false;
      stopFailed = true;
    }
    if (now.isBefore(running)) {
      return "job_submitting";
    }
    if (directive.failsAtSubmit()) {
      return "job_submit_fail";
    }
    if (ends != null && !now.isBefore(ends)) {
      return directive.fails() ? "job_running_exception" : "job_finish";
    }
    return stopFailed ? "job_cancel_fail" : "job_running";
  }

  /** When it started running, or null before. */
  synchronized Instant started() {
    return runAt == null ? null : runAt.plus(launchFor);
  }

  /** How long it has run (or ran), in milliseconds. */
  synchronized long durationMillis(Instant now) {
    Instant start = started();
    if (start == null || now.isBefore(start)) {
      return 0;
    }
    Instant end = now;
    if (stopAt != null && !stopAt.plus(cancelTakes).isAfter(now)) {
      end = stopAt.plus(cancelTakes);
    } else if (directive.runFor() != null && !start.plus(directive.runFor()).isAfter(now)) {
      end = start.plus(directive.runFor());
    }
    return Duration.between(start, end).toMillis();
  }

  synchronized String savepointPath() {
    return savepointPath;
  }

  /** The savepoints the job was run again from (resume_savepoint), oldest first. */
  synchronized List<String> resumedFrom() {
    return List.copyOf(resumedFrom);
  }

  /**
   * Runs a job that is not running, with {@code resumeSavepoint} from its latest savepoint (when it
   * has one); false when it runs.
   */
  synchronized boolean run(Instant now, boolean resumeSavepoint) {
    String status = status(now);
    if (!status.equals("job_init") && !status.equals("job_cancel_success")) {
      return false;
    }
    if (resumeSavepoint && savepointPath != null) {
      resumedFrom.add(savepointPath);
    }
    runAt = now;
    stopAt = null;
    stopFailed = false;
    return true;
  }

  /** Stops a job that is being submitted or runs; false when it has ended or is not started. */
  synchronized boolean stop(Instant now, boolean triggerSavepoint, boolean fails) {
    String status = status(now);
    if (!List.of("job_submitting", "job_running", "job_cancel_fail").contains(status)) {
      return false;
    }
    stopAt = now;
    stopFailed = false;
    savepoint = triggerSavepoint;
    stopFails = fails;
    if (triggerSavepoint && !fails) {
      savepointPath = "obs://simulated/savepoints/" + id + "/" + now.toEpochMilli();
    }
    return true;
  }
}
