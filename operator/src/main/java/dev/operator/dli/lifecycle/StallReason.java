package dev.operator.dli.lifecycle;

/** Why a DliJob is Stalled: the reason of its Stalled condition. */
public enum StallReason {
  /** The connection Secret is missing or malformed. */
  ConnectionInvalid,
  /**
   * The DliJob's namespace may not use the connection it names (a ClusterDliConnection whose
   * namespaceSelector does not select it), or the connection is being deleted and takes no new
   * submits.
   */
  ConnectionNotAllowed,
  /** The DliConnection or ClusterDliConnection the DliJob names does not exist. */
  ConnectionNotFound,
  /** DLI or IAM refused the credentials, or TLS with DLI failed. */
  AuthenticationFailed,
  /** The DLI job failed. */
  JobFailed,
  /** spec.activeDeadlineSeconds passed and the job was cancelled. */
  DeadlineExceeded,
  /** DLI does not know the job. */
  JobUnknown,
  /** DLI refused to stop the Flink job with a savepoint, or to run it again from it. */
  SuspensionRefused,
  /** DLI accepted to run the Flink job, but it has not started within DLI_FLINK_START_TIMEOUT. */
  FlinkStartTimeout,
  /**
   * The DliJob has no spec (made before the CRD required one, or by hand): nothing to run, and
   * nothing was submitted.
   */
  SpecMissing
}
