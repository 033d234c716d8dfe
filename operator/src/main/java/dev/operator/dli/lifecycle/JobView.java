package dev.operator.dli.lifecycle;

/**
 * What DLI says of a job, free of wire details. Times are epoch milliseconds, null when unknown.
 *
 * @param status DLI's raw status (SQL: LAUNCHING, RUNNING, SCALING, FINISHED, FAILED, CANCELLED)
 * @param savepointPath a Flink job's latest savepoint (DLI's savepoint_path), or null
 */
public record JobView(
    String status,
    String jobType,
    String queue,
    Long startMillis,
    Long durationMillis,
    Long endMillis,
    String message,
    String savepointPath) {
  /** A view of a job that has no savepoint (SQL jobs, Spark batches). */
  public JobView(
      String status,
      String jobType,
      String queue,
      Long startMillis,
      Long durationMillis,
      Long endMillis,
      String message) {
    this(status, jobType, queue, startMillis, durationMillis, endMillis, message, null);
  }
}
