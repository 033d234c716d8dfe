package dev.operator.dli.lifecycle;

/** A Kubernetes Event to record: reason is one of the transition names (Submitted, Running, ...). */
public record JobEvent(boolean warning, String reason, String message) {
  public static JobEvent normal(String reason, String message) {
    return new JobEvent(false, reason, message);
  }

  public static JobEvent warning(String reason, String message) {
    return new JobEvent(true, reason, message);
  }
}
