package dev.operator.dli.api;

/** How a cancel ended (or Pending while it is under way). */
public enum CancelOutcome {
  Pending,
  Cancelled,
  AlreadyFinished,
  NotFound,
  Failed;

  public boolean isFinal() {
    return this != Pending;
  }
}
