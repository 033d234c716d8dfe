package dev.operator.dli.metrics;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.Conditions;
import dev.operator.dli.lifecycle.DliStatuses;
import dev.operator.dli.lifecycle.StallReason;
import dev.operator.dli.lifecycle.StatusTransition;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The job metrics, low cardinality (no resource names or job IDs): DliJobs by phase and by stall
 * reason, submissions, retries, cancellations and how long they took, run times, how stale the
 * status was when a job ended, and failed reconciliations. Every series exists from the start, so
 * that alerts and dashboards see zeros rather than nothing.
 */
public final class JobMetrics {
  static final String SUBMITTED = "submitted";
  static final String REJECTED = "rejected";

  private final MeterRegistry registry;
  private final Map<String, Counter> submissions;
  private final Timer submitTime;
  private final Timer cancelTime;
  private final Map<Phase, Timer> runTime = new EnumMap<>(Phase.class);
  private final Timer statusLag;
  private final Counter reconcileErrors;
  private final Counter retries;

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reconcileErrors =
        Counter.builder("dli.reconcile.errors")
            .description("Reconciliations that ended with an exception and are retried")
            .register(registry);
    this.retries =
        Counter.builder("dli.job.retries")
            .description("Attempts after the first (spec.backoffLimit): each a new DLI job")
            .register(registry);
    this.submissions = Map.of(SUBMITTED, submissions(SUBMITTED), REJECTED, submissions(REJECTED));
    for (CancelReason reason : CancelReason.values()) {
      Arrays.stream(CancelOutcome.values())
          .filter(CancelOutcome::isFinal)
          .forEach(outcome -> cancellations(reason, outcome));
    }
    this.submitTime =
        timer("dli.job.submit", "From the DliJob's creation to its DLI job ID in status")
            .serviceLevelObjectives(seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600))
            .register(registry);
    this.cancelTime =
        timer("dli.job.cancel", "From the cancel's request to its final outcome")
            .serviceLevelObjectives(seconds(1, 2, 5, 10, 30, 60, 120, 300, 600, 1800))
            .register(registry);
    for (Phase phase : Phase.values()) {
      if (phase.isTerminal()) {
        runTime.put(
            phase,
            timer("dli.job.duration", "How long DLI ran the job, by the phase it ended in")
                .tag("phase", phase.name())
                .serviceLevelObjectives(
                    seconds(10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 86400))
                .register(registry));
      }
    }
    this.statusLag =
        timer(
                "dli.job.status.lag",
                "From the end DLI reports (start time plus run time) to the phase in status")
            .serviceLevelObjectives(seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300))
            .register(registry);
  }

  /**
   * Serves dli_jobs{phase} and dli_jobs_stalled{reason} from the DliJobs the operator has in its
   * cache.
   */
  public void countJobs(Supplier<Stream<DliJob>> jobs) {
    for (Phase phase : Phase.values()) {
      Gauge.builder("dli.jobs", () -> jobs.get().filter(job -> phaseOf(job) == phase).count())
          .description("DliJobs by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
    for (StallReason reason : StallReason.values()) {
      Gauge.builder(
              "dli.jobs.stalled",
              () -> jobs.get().filter(job -> reason.name().equals(stallReason(job))).count())
          .description("DliJobs whose Stalled condition is True, by its reason")
          .tag("reason", reason.name())
          .register(registry);
    }
  }

  /** Counts a reconciliation that ended with an exception (JOSDK retries it). */
  public void reconcileFailed() {
    reconcileErrors.increment();
  }

  /** Counts what a stored status change says. */
  public void stored(DliJob job, DliJobStatus stored, Instant writtenAt) {
    Instant created =
        job.getMetadata().getCreationTimestamp() == null
            ? writtenAt
            : Instant.parse(job.getMetadata().getCreationTimestamp());
    boolean adopted = job.getSpec() != null && job.getSpec().getJobId() != null;
    for (StatusTransition.Fact fact :
        StatusTransition.read(job.getStatus(), stored, adopted, created, writtenAt)) {
      if (fact instanceof StatusTransition.Submitted s) {
        submissions.get(SUBMITTED).increment();
        recordIfKnown(submitTime, s.sinceCreated());
      } else if (fact instanceof StatusTransition.Retried) {
        retries.increment();
      } else if (fact instanceof StatusTransition.Rejected) {
        submissions.get(REJECTED).increment();
      } else if (fact instanceof StatusTransition.Ended e) {
        recordIfKnown(runTime.get(e.phase()), e.ran());
        recordIfKnown(statusLag, e.statusLag());
      } else if (fact instanceof StatusTransition.CancelEnded c) {
        if (c.reason() != null) {
          cancellations(c.reason(), c.outcome()).increment();
        }
        recordIfKnown(cancelTime, c.took());
      }
    }
  }

  private static String stallReason(DliJob job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> Conditions.STALLED.equals(c.getType()) && "True".equals(c.getStatus()))
        .map(Condition::getReason)
        .findFirst()
        .orElse(null);
  }

  private static Phase phaseOf(DliJob job) {
    return job.getStatus() == null ? Phase.Pending : DliStatuses.phaseOf(job.getStatus());
  }

  private static void recordIfKnown(Timer timer, Duration duration) {
    if (duration != null && !duration.isNegative()) {
      timer.record(duration);
    }
  }

  private Counter submissions(String result) {
    return Counter.builder("dli.job.submissions")
        .description(
            "Submissions: the job ID reached status (submitted), or DLI refused (rejected)")
        .tag("result", result)
        .register(registry);
  }

  private Counter cancellations(CancelReason reason, CancelOutcome outcome) {
    return Counter.builder("dli.job.cancellations")
        .description("Cancels that reached a final outcome, by why they were asked for")
        .tag("reason", reason.name())
        .tag("outcome", outcome.name())
        .register(registry);
  }

  private static Timer.Builder timer(String name, String description) {
    return Timer.builder(name).description(description);
  }

  private static Duration[] seconds(double... values) {
    return Arrays.stream(values)
        .mapToObj(v -> Duration.ofMillis(Math.round(v * 1000)))
        .toArray(Duration[]::new);
  }
}
