package dev.operator.dli.simulator;

import java.time.Duration;
import java.time.Instant;

/** A Spark batch: starting, then running, then success or dead; a cancel makes it dead. */
final class SimulatedSparkBatch {
  final String id;
  final String name;
  final String queue;
  final String className;
  final String file;
  final Instant created;
  private final Duration launchFor;
  private final Directive directive;
  private Instant cancelled;

  SimulatedSparkBatch(
      String id,
      String name,
      String queue,
      String className,
      String file,
      Instant created,
      Duration launchFor,
      Directive directive) {
    this.id = id;
    this.name = name;
    this.queue = queue;
    this.className = className;
    this.file = file;
    this.created = created;
    this.launchFor = launchFor;
    this.directive = directive;
  }

  synchronized String state(Instant now) {
    Instant end = created.plus(launchFor).plus(directive.runFor());
    if (cancelled != null && cancelled.isBefore(end)) {
      return "dead";
    }
    if (now.isBefore(created.plus(launchFor))) {
      return "starting";
    }
    if (now.isBefore(end)) {
      return "running";
    }
    return directive.fails() ? "dead" : "success";
  }

  synchronized boolean cancel(Instant now) {
    String state = state(now);
    if ("dead".equals(state) || "success".equals(state)) {
      return false;
    }
    cancelled = now;
    return true;
  }
}
