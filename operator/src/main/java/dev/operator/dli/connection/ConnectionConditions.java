package dev.operator.dli.connection;

import dev.operator.dli.api.DliConnectionStatus;
import dev.operator.dli.lifecycle.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * A connection's Ready, Reconciling and Stalled, after the kstatus conventions: Ready once DLI
 * accepted its credentials; Stalled when only a human can help (DLI refused them, or the Secret
 * cannot be used); Reconciling while the check is under way or DLI cannot be reached (the operator
 * keeps trying). Stalled and Reconciling are never True together.
 */
public final class ConnectionConditions {
  static final String ACCEPTED = "CredentialsAccepted";
  static final String REFUSED = "CredentialsRefused";
  static final String CHECKING = "Checking";
  static final String UNREACHABLE = "Unreachable";
  static final String NOT_USABLE = "SecretNotUsable";

  private ConnectionConditions() {}

  /**
   * Sets the conditions and observedGeneration.
   *
   * @param unusable why the connection cannot be built (its Secret missing, a key missing or not
   *     readable: safe to show), or null; it outranks the verdict
   */
  public static void apply(
      DliConnectionStatus st,
      long generation,
      ConnectionHealth.Verdict verdict,
      String unusable,
      Instant now) {
    String reason;
    String message;
    boolean ready = false;
    boolean stalled = false;
    if (unusable != null) {
      reason = NOT_USABLE;
      message = unusable;
      stalled = true;
    } else if (verdict instanceof ConnectionHealth.Verdict.Accepted) {
      reason = ACCEPTED;
      message = "DLI accepted the credentials";
      ready = true;
    } else if (verdict instanceof ConnectionHealth.Verdict.Refused refused) {
      reason = REFUSED;
      message = "DLI refused the credentials (" + refused.httpStatus() + "): " + refused.message();
      stalled = true;
    } else if (verdict instanceof ConnectionHealth.Verdict.Unreachable unreachable) {
      reason = UNREACHABLE;
      message = "DLI did not answer the credentials check: " + unreachable.message();
    } else {
      reason = CHECKING;
      message = "checking the credentials with one DLI read";
    }
    List<Condition> before = st.getConditions();
    st.setConditions(
        List.of(
            Conditions.condition(before, Conditions.READY, ready, reason, message, generation, now),
            Conditions.condition(
                before,
                Conditions.RECONCILING,
                !ready && !stalled,
                reason,
                message,
                generation,
                now),
            Conditions.condition(
                before,
                Conditions.STALLED,
                stalled,
                stalled ? reason : Conditions.NOT_STALLED,
                stalled ? message : "",
                generation,
                now)));
    st.setObservedGeneration(generation);
  }
}
