package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.lifecycle.JobEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on a DliJob or DliCronJob, in its namespace, so that `kubectl describe`
 * shows them.
 */
final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "dli-operator";
  private static final int MAX_NAME_LENGTH = 253;

  private final KubernetesClient client;
  private final String instance;

  EventRecorder(KubernetesClient client, String instance) {
    this.client = client;
    this.instance = instance;
  }

  void record(DliJob job, JobEvent event) {
    record(job, event.reason().name(), event.warning(), event.message());
  }

  void record(HasMetadata job, String reason, boolean warning, String text) {
    Instant at = Instant.now();
    String now = at.toString();
    String message = text.length() > 1000 ? text.substring(0, 1000) + "..." : text;
    Event e =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName(job.getMetadata().getName(), at))
            .withNamespace(job.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(job.getApiVersion())
                    .withKind(job.getKind())
                    .withName(job.getMetadata().getName())
                    .withNamespace(job.getMetadata().getNamespace())
                    .withUid(job.getMetadata().getUid())
                    .withResourceVersion(job.getMetadata().getResourceVersion())
                    .build())
            .withType(warning ? "Warning" : "Normal")
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(instance)
            .build();
    try {
      client.v1().events().inNamespace(job.getMetadata().getNamespace()).resource(e).create();
    } catch (KubernetesClientException ex) {
      // An Event is a courtesy: failing to record one must not fail the reconciliation.
      log.warn(
          "cannot record Event {} on {}/{}: {}",
          reason,
          job.getMetadata().getNamespace(),
          job.getMetadata().getName(),
          ex.getMessage());
    }
    log.info(
        "{}/{}: {} {}",
        job.getMetadata().getNamespace(),
        job.getMetadata().getName(),
        reason,
        message);
  }

  /**
   * The job's name and the moment in hex nanoseconds, as client-go names Events. kubectl describe
   * sorts Events by lastTimestamp, which keeps whole seconds, and leaves those of one second in the
   * API server's order, by name: so these names keep them in the order they happened.
   */
  static String eventName(String jobName, Instant at) {
    String suffix = "." + Long.toHexString(at.getEpochSecond() * 1_000_000_000L + at.getNano());
    String prefix =
        jobName.substring(0, Math.min(jobName.length(), MAX_NAME_LENGTH - suffix.length()));
    // A cut name must still end in a letter or digit, as every part of a DNS subdomain does.
    return prefix.replaceAll("[-.]+$", "") + suffix;
  }
}
