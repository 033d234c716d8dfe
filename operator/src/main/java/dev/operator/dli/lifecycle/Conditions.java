package dev.operator.dli.lifecycle;

import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ready, Reconciling and Stalled, after the kstatus conventions: Reconciling while the operator
 * still drives the job, Ready once the job reached what the user asked for, Stalled when only a
 * human can help. Stalled and Reconciling are never True together: kstatus looks at Reconciling
 * first, so a Stalled job that also said Reconciling would keep Flux waiting until its timeout.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  /** The Ready and Reconciling conditions' reason while the DliJob waits for its next attempt. */
  public static final String RETRYING = "Retrying";

  /** The Stalled condition's reason while it is False. */
  public static final String NOT_STALLED = "AsExpected";

  private Conditions() {}

  /**
   * Sets the three conditions and observedGeneration.
   *
   * @return a Stalled Event when the resource just became Stalled for a reason no other Event tells
   */
  public static Optional<JobEvent> apply(
      DliJobStatus st, long generation, Stall stall, Instant now) {
    boolean wasStalled = isTrue(st, STALLED);
    Phase phase = DliStatuses.phaseOf(st);
    CancelReason cancelReason =
        st.getCancellation() == null ? null : st.getCancellation().getReason();
    String message = st.getMessage() == null ? "" : st.getMessage();
    // A suspended Flink job is what the user asked for, and the operator leaves it as it is.
    boolean ready =
        phase == Phase.Succeeded
            || phase == Phase.Suspended
            || (phase == Phase.Cancelled && cancelReason == CancelReason.Requested);
    boolean driven = !phase.isTerminal() && phase != Phase.Suspended;
    Stall stalled =
        stall != null
            ? stall
            : phase == Phase.Failed
                ? new Stall(StallReason.JobFailed, message)
                : phase == Phase.Cancelled && cancelReason == CancelReason.DeadlineExceeded
                    ? new Stall(
                        StallReason.DeadlineExceeded,
                        "cancelled: spec.activeDeadlineSeconds passed")
                    : phase == Phase.Unknown ? new Stall(StallReason.JobUnknown, message) : null;
    List<Condition> next = new ArrayList<>();
    String progress = Retries.backingOff(st) ? RETRYING : phase.name();
    next.add(condition(st, READY, ready, progress, message, generation, now));
    next.add(
        stalled == null
            ? condition(st, RECONCILING, driven, progress, message, generation, now)
            : condition(
                st,
                RECONCILING,
                false,
                stalled.reason().name(),
                stalled.message(),
                generation,
                now));
    next.add(
        condition(
            st,
            STALLED,
            stalled != null,
            stalled == null ? NOT_STALLED : stalled.reason().name(),
            stalled == null ? "" : stalled.message(),
            generation,
            now));
    st.setConditions(next);
    st.setStalledReason(stalled == null ? null : stalled.reason().name());
    st.setObservedGeneration(generation);
    boolean toldElsewhere = phase == Phase.Failed || phase == Phase.Cancelled;
    return stalled != null && !wasStalled && !toldElsewhere
        ? Optional.of(new JobEvent(EventReason.Stalled, stalled.message()))
        : Optional.empty();
  }

  private static boolean isTrue(DliJobStatus st, String type) {
    return st.getConditions() != null
        && st.getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Condition condition(
      DliJobStatus st,
      String type,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    return condition(st.getConditions(), type, value, reason, message, generation, now);
  }

  /**
   * One condition of a resource with these conditions so far: its lastTransitionTime stays while
   * its status does not change.
   */
  public static Condition condition(
      List<Condition> conditions,
      String type,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    String status = value ? "True" : "False";
    Condition previous =
        conditions == null
            ? null
            : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String since =
        previous != null
                && status.equals(previous.getStatus())
                && previous.getLastTransitionTime() != null
            ? previous.getLastTransitionTime()
            : now.toString();
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }
}
