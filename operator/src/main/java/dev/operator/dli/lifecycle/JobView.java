package dev.operator.dli.lifecycle;

/**
 * What DLI says of a job, free of wire details. Times are epoch milliseconds, null when unknown.
 *
 * @param status DLI's raw status (SQL: LAUNCHING, RUNNING, SCALING, FINISHED, FAILED, CANCELLED)
 */
public record JobView(
    String status,
    String jobType,
    String queue,
    Long startMillis,
    Long durationMillis,
    Long endMillis,
    String message) {}
