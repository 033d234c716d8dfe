package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJobSpec;

/** The kinds of DLI jobs, each with its own API: how a job is submitted, read and cancelled. */
enum JobKind {
  SQL,
  SPARK,
  FLINK;

  static JobKind of(DliJobSpec spec) {
    if (spec.getSpark() != null) {
      return SPARK;
    }
    return spec.runsFlink() ? FLINK : SQL;
  }
}
