package dev.operator.dli.schedule;

import dev.operator.dli.api.DliCronJobStatus;
import dev.operator.dli.lifecycle.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A DliCronJob's Ready, Reconciling and Stalled, after the kstatus conventions. A cron is never "in
 * progress" between its runs (GitOps tools would wait for it forever): once the operator has seen
 * its generation it is Ready, suspended or not, unless its schedule cannot be evaluated, which only
 * a human can fix (Stalled). Before the operator's first look, the CRD's default status
 * (observedGeneration 0) makes it read as in progress.
 */
public final class CronConditions {
  static final String SCHEDULED = "Scheduled";
  static final String SUSPENDED = "Suspended";

  private CronConditions() {}

  /**
   * Sets the three conditions and observedGeneration.
   *
   * @param invalid why the schedule cannot be evaluated, or null
   * @return the InvalidSchedule Event when the DliCronJob just became Stalled
   */
  public static Optional<CronEvent> apply(
      DliCronJobStatus st,
      long generation,
      InvalidSchedule invalid,
      boolean suspended,
      Instant now) {
    List<Condition> before = st.getConditions();
    boolean wasStalled =
        before != null
            && before.stream()
                .anyMatch(
                    c -> Conditions.STALLED.equals(c.getType()) && "True".equals(c.getStatus()));
    String reason = invalid != null ? invalid.reason() : suspended ? SUSPENDED : SCHEDULED;
    String message =
        invalid != null
            ? invalid.getMessage()
            : suspended ? "spec.suspend is true: no scheduled runs start" : "";
    st.setConditions(
        List.of(
            Conditions.condition(
                before, Conditions.READY, invalid == null, reason, message, generation, now),
            Conditions.condition(
                before, Conditions.RECONCILING, false, reason, message, generation, now),
            Conditions.condition(
                before,
                Conditions.STALLED,
                invalid != null,
                invalid != null ? reason : Conditions.NOT_STALLED,
                invalid != null ? message : "",
                generation,
                now)));
    st.setObservedGeneration(generation);
    return invalid != null && !wasStalled
        ? Optional.of(new CronEvent(CronEvent.Reason.InvalidSchedule, message))
        : Optional.empty();
  }
}
