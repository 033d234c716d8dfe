package dev.operator.dli.api;

/** The operator's summary of where a DliJob stands; status.dliStatus keeps DLI's own word. */
public enum Phase {
  Pending,
  Submitting,
  Running,
  Cancelling,
  /** A Flink job being stopped with a savepoint (spec.suspend). */
  Suspending,
  /** A Flink job stopped with a savepoint; spec.suspend false runs it again from it. */
  Suspended,
  Succeeded,
  Failed,
  Cancelled,
  Unknown;

  public boolean isTerminal() {
    return this == Succeeded || this == Failed || this == Cancelled;
  }
}
