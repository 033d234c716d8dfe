package dev.operator.dli.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A SQL job whose status follows from the clock: LAUNCHING, then RUNNING, then FINISHED or FAILED.
 */
final class SimulatedSqlJob {
  final String id;
  final String statement;
  final String queue;
  final String database;
  final String jobType;
  final List<Map<String, String>> tags;
  final List<String> conf;
  final String engineType;
  final Instant submitted;
  private final Duration launchFor;
  private final Duration runFor;
  private final boolean fails;
  private final Duration cancelTakes;
  private Instant cancelRequested;

  SimulatedSqlJob(
      String id,
      String statement,
      String queue,
      String database,
      List<Map<String, String>> tags,
      List<String> conf,
      String engineType,
      Instant submitted,
      Duration launchFor,
      Directive directive,
      Duration cancelTakes) {
    this.id = id;
    this.statement = statement;
    this.queue = queue;
    this.database = database;
    this.jobType = jobTypeOf(statement);
    this.tags = tags;
    this.conf = conf;
    this.engineType = engineType;
    this.submitted = submitted;
    this.launchFor = launchFor;
    this.runFor = directive.runFor();
    this.fails = directive.fails();
    this.cancelTakes = cancelTakes;
  }

  synchronized String status(Instant now) {
    Instant end = naturalEnd();
    if (cancelRequested != null && cancelRequested.isBefore(end)) {
      return now.isBefore(cancelRequested.plus(cancelTakes)) ? "RUNNING" : "CANCELLED";
    }
    if (now.isBefore(submitted.plus(launchFor))) {
      return "LAUNCHING";
    }
    if (now.isBefore(end)) {
      return "RUNNING";
    }
    return fails ? "FAILED" : "FINISHED";
  }

  synchronized Instant endTime(Instant now) {
    String status = status(now);
    if ("CANCELLED".equals(status)) {
      return cancelRequested.plus(cancelTakes);
    }
    return "FINISHED".equals(status) || "FAILED".equals(status) ? naturalEnd() : null;
  }

  /** Asks the job to stop; false when it has already ended. */
  synchronized boolean cancel(Instant now) {
    String status = status(now);
    if (isTerminal(status)) {
      return false;
    }
    if (cancelRequested == null) {
      cancelRequested = now;
    }
    return true;
  }

  String message(Instant now) {
    if ("FAILED".equals(status(now))) {
      return "DLI.0005: SQL semantic parse error: the simulated job "
          + id
          + " failed as its statement asked";
    }
    return "";
  }

  static boolean isTerminal(String status) {
    return "FINISHED".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status);
  }

  private Instant naturalEnd() {
    return submitted.plus(launchFor).plus(runFor);
  }

  private static String jobTypeOf(String sql) {
    String first = sql.replaceAll("/\\*.*?\\*/", " ").trim().split("\\s+", 2)[0].toUpperCase();
    return switch (first) {
      case "INSERT" -> "INSERT";
      case "CREATE", "DROP", "ALTER", "SHOW", "DESCRIBE" -> "DDL";
      case "GRANT", "REVOKE" -> "DCL";
      case "LOAD" -> "IMPORT";
      case "UPDATE" -> "UPDATE";
      case "DELETE" -> "DELETE";
      default -> "QUERY";
    };
  }
}
