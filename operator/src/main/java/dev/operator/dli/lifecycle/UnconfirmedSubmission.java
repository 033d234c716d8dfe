package dev.operator.dli.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * The settling window of a submission whose answer was lost: DLI's lists may not show the job yet,
 * so it is looked for until the window has passed, and only then taken as never submitted.
 */
final class UnconfirmedSubmission {
  private final Timing timing;
  private final Instant startedAt;

  /**
   * @param startedAt when this operator process started: a predecessor may have sent the submit
   *     until then, so the window counts from no earlier
   */
  UnconfirmedSubmission(Timing timing, Instant startedAt) {
    this.timing = timing;
    this.startedAt = startedAt;
  }

  /**
   * Since when the submission has been unconfirmed: its marker, or this process's start if later.
   */
  Instant since(Snapshot s) {
    Instant submitted = s.submittedAt();
    return submitted.isBefore(startedAt) ? startedAt : submitted;
  }

  Duration settle() {
    return timing.lookupSettle();
  }
}
