package dev.operator.dli.api;

/** The operator's summary of where a DliJob stands; status.dliStatus keeps DLI's own word. */
public enum Phase {
  Pending,
  Submitting,
  Running,
  Cancelling,
  Succeeded,
  Failed,
  Cancelled,
  Unknown;

  public boolean isTerminal() {
    return this == Succeeded || this == Failed || this == Cancelled;
  }
}
