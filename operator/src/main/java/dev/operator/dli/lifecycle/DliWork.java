package dev.operator.dli.lifecycle;

import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;

/**
 * Whether a DliJob may still call DLI, so that its credentials must stay readable (the Secret's
 * in-use finalizer): a job to submit, find, observe or cancel, or, at a Flink job's release, its
 * definition to delete. A finished SQL or Spark job calls DLI no more, so it keeps no Secret.
 */
public final class DliWork {
  private DliWork() {}

  public static boolean left(DliJob job) {
    return left(job.getSpec(), job.getStatus());
  }

  public static boolean left(DliJobSpec spec, DliJobStatus status) {
    if (spec == null) {
      return false; // bad input: nothing is submitted or cancelled for it
    }
    DliJobStatus st = status == null ? new DliJobStatus() : status;
    if (!DliStatuses.phaseOf(st).isTerminal()) {
      return true;
    }
    return spec.runsFlink()
        && st.getJobId() != null
        && spec.effectiveDeletionPolicy() != DeletionPolicy.Orphan;
  }
}
