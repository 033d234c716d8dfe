package dev.operator.dli.lifecycle;

/** A Kubernetes Event to record on the DliJob. */
public record JobEvent(EventReason reason, String message) {
  public boolean warning() {
    return reason.warning();
  }
}
