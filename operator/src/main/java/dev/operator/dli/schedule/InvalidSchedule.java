package dev.operator.dli.schedule;

/** A schedule or time zone the operator cannot evaluate; the message names the field. */
public final class InvalidSchedule extends IllegalArgumentException {
  private final String reason;

  InvalidSchedule(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The Stalled condition's reason: InvalidSchedule or InvalidTimeZone. */
  public String reason() {
    return reason;
  }
}
