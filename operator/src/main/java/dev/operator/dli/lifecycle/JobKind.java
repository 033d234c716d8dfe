package dev.operator.dli.lifecycle;

import dev.operator.dli.api.DliJobSpec;

/** The kinds of DLI jobs, each with its own API: how a job is submitted, read and cancelled. */
public enum JobKind {
  SQL,
  SPARK,
  FLINK;

  public static JobKind of(DliJobSpec spec) {
    if (spec.getSpark() != null) {
      return SPARK;
    }
    return spec.runsFlink() ? FLINK : SQL;
  }
}
