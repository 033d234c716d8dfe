package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stored status change means for the job metrics: a job submitted or refused, a job ended, a
 * cancel's final outcome. Pure: the reconciler reads a transition when it stored a status and
 * counts what it says.
 */
public final class StatusTransition {
  /** A fact the metrics count. */
  public sealed interface Fact {}

  /**
   * The job ID reached the status, this long after the resource was created (null for a retry: its
   * time is the back-off's, not the submission's).
   */
  public record Submitted(Duration sinceCreated) implements Fact {}

  /** An attempt after the first began (spec.backoffLimit): its marker was stored. */
  public record Retried() implements Fact {}

  /** DLI refused the submission for good: the DliJob failed without a job. */
  public record Rejected() implements Fact {}

  /**
   * The DLI job ended in this phase after running this long (null when DLI told no run time); the
   * operator wrote it this long after DLI's end (start time plus run time; null when unknown).
   */
  public record Ended(Phase phase, Duration ran, Duration statusLag) implements Fact {}

  /** A cancel reached its final outcome this long after it was asked for (null when unknown). */
  public record CancelEnded(CancelReason reason, CancelOutcome outcome, Duration took)
      implements Fact {}

  private StatusTransition() {}

  /**
   * @param before the status as it was stored before (null when none)
   * @param after the status just stored
   * @param adopted whether the DliJob adopted an existing job (spec.jobId) rather than submitting
   * @param created the resource's creation time
   * @param writtenAt when the status was stored
   */
  public static List<Fact> read(
      DliJobStatus before,
      DliJobStatus after,
      boolean adopted,
      Instant created,
      Instant writtenAt) {
    DliJobStatus was = before == null ? new DliJobStatus() : before;
    List<Fact> facts = new ArrayList<>();
    if (!adopted && was.getJobId() == null && after.getJobId() != null) {
      facts.add(
          new Submitted(Attempts.number(after) == 1 ? Duration.between(created, writtenAt) : null));
    }
    if (Attempts.number(after) > Attempts.number(was)) {
      facts.add(new Retried());
    }
    Phase from = DliStatuses.phaseOf(was);
    Phase to = DliStatuses.phaseOf(after);
    if (!adopted && after.getJobId() == null && to == Phase.Failed && from != Phase.Failed) {
      facts.add(new Rejected());
    }
    if (!from.isTerminal() && to.isTerminal() && after.getJobId() != null) {
      facts.add(new Ended(to, ran(after), statusLag(after, writtenAt)));
    }
    CancelOutcome outcomeBefore = outcome(was.getCancellation());
    CancelOutcome outcomeAfter = outcome(after.getCancellation());
    if ((outcomeBefore == null || !outcomeBefore.isFinal())
        && outcomeAfter != null
        && outcomeAfter.isFinal()) {
      Cancellation c = after.getCancellation();
      facts.add(
          new CancelEnded(
              c.getReason(),
              outcomeAfter,
              c.getRequestedAt() == null
                  ? null
                  : Duration.between(
                      Instant.parse(c.getRequestedAt()),
                      c.getCompletedAt() == null ? writtenAt : Instant.parse(c.getCompletedAt()))));
    }
    return facts;
  }

  private static CancelOutcome outcome(Cancellation c) {
    return c == null ? null : c.getOutcome();
  }

  private static Duration ran(DliJobStatus st) {
    return st.getDurationMillis() == null ? null : Duration.ofMillis(st.getDurationMillis());
  }

  private static Duration statusLag(DliJobStatus st, Instant writtenAt) {
    if (st.getStartTime() == null || st.getDurationMillis() == null) {
      return null;
    }
    Instant endedInDli = Instant.parse(st.getStartTime()).plusMillis(st.getDurationMillis());
    return Duration.between(endedInDli, writtenAt);
  }
}
