package dev.operator.dli.lifecycle;

import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.util.Locale;

/** DLI's status vocabulary: what its SQL, Spark and Flink statuses mean as phases. */
public final class DliStatuses {
  private DliStatuses() {}

  public static Phase phaseOf(DliJobStatus st) {
    return st.getPhase() == null ? Phase.Pending : st.getPhase();
  }

  /**
   * DLI's SQL statuses, Spark states and Flink statuses (case-insensitively) to phases; anything
   * unknown keeps being polled. A job that ended stopped (a dead Spark batch, a stopped Flink job)
   * is Cancelled when a cancel was asked for and Failed otherwise: someone else stopped it, or DLI
   * did (job_arrearage_stopped: the account is in arrears).
   */
  public static Phase phaseFromDli(String dliStatus, boolean cancelAsked) {
    if (dliStatus == null) {
      return Phase.Unknown;
    }
    return switch (dliStatus.toUpperCase(Locale.ROOT)) {
      case "LAUNCHING", "RUNNING", "SCALING", "STARTING", "RECOVERING" -> Phase.Running;
      case "JOB_INIT",
          "JOB_SUBMITTING",
          "JOB_DOWNLOADING",
          "JOB_RUNNING",
          "JOB_IDLE",
          "JOB_SAVEPOINTING",
          "JOB_ARREARAGE_RECOVERING",
          "JOB_CANCELING",
          "JOB_CANCEL_FAIL" ->
          Phase.Running;
      case "FINISHED", "SUCCESS", "JOB_FINISH" -> Phase.Succeeded;
      case "FAILED", "JOB_SUBMIT_FAIL", "JOB_RUNNING_EXCEPTION", "JOB_ARREARAGE_STOPPED" ->
          Phase.Failed;
      case "CANCELLED" -> Phase.Cancelled;
      case "DEAD", "JOB_CANCEL_SUCCESS" -> cancelAsked ? Phase.Cancelled : Phase.Failed;
      default -> Phase.Unknown;
    };
  }

  /** Whether DLI will say nothing new of the job: it ended, or DLI does not know it. */
  public static boolean isFinal(DliObservation observation) {
    return observation instanceof DliObservation.NotFound
        || observation instanceof DliObservation.Seen seen
            && phaseFromDli(seen.job().status(), false).isTerminal();
  }
}
