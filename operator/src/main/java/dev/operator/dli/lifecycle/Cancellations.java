package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.Cancellation;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;

/** The bookkeeping of status.cancellation: why a job is cancelled, and how its cancel stands. */
public final class Cancellations {
  /** A Flink job whose stop failed: it still runs. */
  static final String STOP_FAILED = "job_cancel_fail";

  static final String ACCEPTED = "DLI accepted the cancel; waiting for the job to end";

  private Cancellations() {}

  /** Why the job should be cancelled now, or null. */
  public static CancelReason reason(Snapshot s) {
    if (s.deleting() && s.spec().effectiveDeletionPolicy() == DeletionPolicy.Cancel) {
      return CancelReason.ResourceDeleted;
    }
    Cancellation c = s.status().getCancellation();
    if (c != null && c.getReason() != null) {
      return c.getReason();
    }
    if (s.spec().cancelRequested()) {
      return CancelReason.Requested;
    }
    Duration left = untilDeadline(s);
    return left != null && (left.isNegative() || left.isZero())
        ? CancelReason.DeadlineExceeded
        : null;
  }

  static Duration untilDeadline(Snapshot s) {
    Long seconds = s.spec().getActiveDeadlineSeconds();
    if (seconds == null) {
      return null;
    }
    return Duration.between(s.now(), s.firstSubmittedAt().plusSeconds(seconds));
  }

  /** A cancel call is due while none has been accepted yet for this cancel. */
  static boolean needsCall(Cancellation c) {
    return c == null || (c.getOutcome() == CancelOutcome.Pending && !accepted(c));
  }

  /** Whether DLI took the last cancel call: a 2xx that did not say is_success false. */
  static boolean accepted(Cancellation c) {
    return c.getHttpStatus() != null
        && c.getHttpStatus() / 100 == 2
        && !Boolean.FALSE.equals(c.getIsSuccess());
  }

  static Cancellation start(DliJobStatus st, CancelReason reason, Instant now) {
    Cancellation c = st.getCancellation();
    if (c == null) {
      c = new Cancellation();
      c.setReason(reason);
      c.setRequestedAt(now.toString());
      c.setOutcome(CancelOutcome.Pending);
      c.setAttempts(0);
      st.setCancellation(c);
    }
    return c;
  }

  /** The cancel found the job ended already: outcome AlreadyFinished, nothing was cancelled. */
  static JobEvent endedBeforeCancel(
      DliJobStatus st, Cancellation c, String dliStatus, Instant now) {
    String ended = "had already ended with " + dliStatus + "; nothing to cancel";
    c.setOutcome(CancelOutcome.AlreadyFinished);
    c.setCompletedAt(now.toString());
    c.setMessage("the job " + ended);
    return new JobEvent(
        EventReason.Cancelled,
        "DLI job " + st.getJobId() + " " + ended + " (" + c.getReason() + ")");
  }

  /** DLI does not know the job: a cancel of it ends NotFound. */
  static JobEvent unknownToDli(
      DliJobStatus st, Cancellation c, DliObservation.NotFound missing, Instant now) {
    c.setHttpStatus(missing.httpStatus());
    c.setErrorCode(missing.errorCode());
    c.setMessage(missing.message());
    c.setOutcome(CancelOutcome.NotFound);
    c.setCompletedAt(now.toString());
    st.setPhase(Phase.Unknown);
    return new JobEvent(
        EventReason.CancelFailed,
        "DLI does not know job " + st.getJobId() + ": " + missing.message());
  }
}
