package dev.operator.dli.api;

/** What a DliCronJob does when a slot comes while an earlier run is still active. */
public enum ConcurrencyPolicy {
  /** Start the new run beside the active ones. */
  Allow,
  /** Skip the slot while a run is active. */
  Forbid,
  /** Cancel the active runs (their spec.cancel) and start the new one. */
  Replace
}
