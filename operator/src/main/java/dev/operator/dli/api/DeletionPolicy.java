package dev.operator.dli.api;

/** What deleting a DliJob does to a DLI job that has not ended. */
public enum DeletionPolicy {
  /** Cancel the DLI job before the resource goes. */
  Cancel,
  /** Leave the DLI job running; release the resource at once. */
  Orphan
}
