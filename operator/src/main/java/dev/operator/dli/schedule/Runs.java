package dev.operator.dli.schedule;

import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** What the cron reads of its runs. */
public final class Runs {
  private Runs() {}

  /** The run's phase; Pending before the operator wrote a status. */
  public static Phase phase(DliJob run) {
    return run.getStatus() == null || run.getStatus().getPhase() == null
        ? Phase.Pending
        : run.getStatus().getPhase();
  }

  public static boolean ended(DliJob run) {
    return phase(run).isTerminal();
  }

  /**
   * Whether a run's change matters to its cron: its end and how it ended, job ID, completion time
   * or cancel (what the decisions and the cron's status read). A run's other status writes, and its
   * steps before the end (Submitting, Running, ...), do not wake the cron: at a slot of 500 crons,
   * each such wake is a reconcile that competes with the runs still to create.
   */
  public static boolean differForTheCron(DliJob run, DliJob before) {
    return end(run) != end(before)
        || !Objects.equals(jobId(run), jobId(before))
        || !Objects.equals(completionTime(run), completionTime(before))
        || cancelRequested(run) != cancelRequested(before)
        || run.isMarkedForDeletion() != before.isMarkedForDeletion();
  }

  /** The phase a run ended in; null before the end. */
  private static Phase end(DliJob run) {
    return ended(run) ? phase(run) : null;
  }

  private static boolean cancelRequested(DliJob run) {
    return run.getSpec() != null && run.getSpec().cancelRequested();
  }

  private static String jobId(DliJob run) {
    return run.getStatus() == null ? null : run.getStatus().getJobId();
  }

  private static String completionTime(DliJob run) {
    return run.getStatus() == null ? null : run.getStatus().getCompletionTime();
  }

  /** The run's slot (its scheduled-at annotation), else its creation: for ordering runs. */
  public static Instant scheduledAt(DliJob run) {
    String at =
        run.getMetadata().getAnnotations() == null
            ? null
            : run.getMetadata().getAnnotations().get(DliCronJob.SCHEDULED_AT_ANNOTATION);
    String text = at != null ? at : run.getMetadata().getCreationTimestamp();
    return text == null ? Instant.EPOCH : parse(text);
  }

  static Instant parse(String rfc3339) {
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
