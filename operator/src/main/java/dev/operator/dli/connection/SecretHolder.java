package dev.operator.dli.connection;

import dev.operator.dli.api.DliJob;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A resource that reads a connection Secret, so that the Secret's changes wake it: a DliJob, or
 * another kind (a connection resource) with wakes of its own.
 */
public record SecretHolder(String kind, ResourceID id) {
  public static final String DLI_JOB = "DliJob";

  public static SecretHolder of(DliJob job) {
    return new SecretHolder(DLI_JOB, ResourceID.fromResource(job));
  }
}
