package dev.operator.dli.lifecycle;

/** The reasons of the Events recorded on a DliJob, one per transition; some are Warnings. */
public enum EventReason {
  Submitted,
  /** An unconfirmed submission turned out never to have reached DLI. */
  NotSubmitted,
  Adopted,
  Running,
  Succeeded,
  Failed(true),
  /** An attempt failed and spec.backoffLimit allows another: it is submitted after a back-off. */
  Retrying(true),
  CancelRequested,
  Cancelled,
  CancelFailed(true),
  /** spec.suspend: the Flink job is being stopped with a savepoint. */
  SuspendRequested,
  /** The Flink job stopped with a savepoint. */
  Suspended,
  /** The suspended Flink job runs again from its savepoint. */
  Resumed,
  /** The resource was deleted with deletionPolicy Orphan while its DLI job ran. */
  Orphaned,
  /** Only a human can help now (the Stalled condition turned True). */
  Stalled(true),
  /** DLI refused to delete a Flink job's definition; the resource went anyway. */
  DefinitionNotDeleted(true),
  /** ttlSecondsAfterFinished is set on a DliJob that a GitOps tool tracks: the TTL is held back. */
  TTLUnderGitOps(true),
  /**
   * The API server removed the DliJob before the operator released it (a delete that raced the
   * finalizer's addition): its DLI job was cancelled all the same.
   */
  RemovedBeforeRelease(true),
  /** The DliJob names a deprecated connection Secret (spec.connection, DLI_DEFAULT_CONNECTION). */
  DeprecatedConnection(true),
  /** The DliJob was released while its connection was gone: DLI had accepted the cancel. */
  ReleasedWithoutConnection(true);

  private final boolean warning;

  EventReason() {
    this(false);
  }

  EventReason(boolean warning) {
    this.warning = warning;
  }

  public boolean warning() {
    return warning;
  }
}
