package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.metrics.JobMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;

/**
 * Writes a DliJob's status: {@code PUT .../status} with the resourceVersion read, so that a stale
 * copy gets 409 and its pass is tried again, and a DliJob gone gets 404 (never an upsert). The
 * stored status feeds the job metrics and JOSDK's cache.
 */
final class StatusWriter {
  private final KubernetesClient client;
  private final JobMetrics metrics;
  private final Clock clock;

  StatusWriter(KubernetesClient client, JobMetrics metrics, Clock clock) {
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Returns the DliJob as stored. */
  DliJob write(DliJob job, DliJobStatus status, Context<DliJob> context) {
    DliJob desired = new DliJob();
    desired.setMetadata(job.getMetadata());
    desired.setSpec(job.getSpec());
    desired.setStatus(status);
    DliJob stored = client.resource(desired).updateStatus();
    metrics.stored(job, stored.getStatus(), clock.instant());
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(job), stored, job);
    return stored;
  }
}
