package dev.operator.dli.schedule;

/** A Kubernetes Event to record on the DliCronJob. */
public record CronEvent(Reason reason, String message) {
  /** The reasons of a DliCronJob's Events; some are Warnings. */
  public enum Reason {
    /** A run's DliJob was created. */
    RunStarted,
    /** Forbid: a slot came while a run was active. */
    RunSkipped(true),
    /** Replace: an active run was cancelled for the new one. */
    RunReplaced,
    /** Slots passed without a run (the operator was down, the cron suspended, too late). */
    MissedSchedules(true),
    /** The schedule or time zone cannot be evaluated: only a human can help. */
    InvalidSchedule(true);

    private final boolean warning;

    Reason() {
      this(false);
    }

    Reason(boolean warning) {
      this.warning = warning;
    }

    public boolean warning() {
      return warning;
    }
  }
}
