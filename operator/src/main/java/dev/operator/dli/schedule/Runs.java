package dev.operator.dli.schedule;

import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

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
