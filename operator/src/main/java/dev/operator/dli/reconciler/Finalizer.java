package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * The operator's finalizer on a DliJob, added and removed by JSON patch with the resourceVersion
 * read: the API server answers 404 when the DliJob is gone and 409 when it changed or is another
 * object of the same name. Never an apply: an apply of a DliJob deleted meanwhile would create it.
 */
final class Finalizer {
  /** The name JOSDK gave it when it managed the finalizer, so that existing DliJobs stay held. */
  static final String NAME = DliJob.FINALIZER;

  /** How a patch went. */
  enum Outcome {
    DONE,
    /** The DliJob is gone: nothing to hold or release. */
    GONE,
    /** Our copy is stale: look again with a fresh one. */
    STALE
  }

  /** The outcome, and the DliJob as stored when it is DONE. */
  record Patched(Outcome outcome, Optional<DliJob> job) {}

  private final KubernetesClient client;

  Finalizer(KubernetesClient client) {
    this.client = client;
  }

  Patched add(DliJob job) {
    return patch(job, true);
  }

  Patched remove(DliJob job) {
    return patch(job, false);
  }

  private Patched patch(DliJob job, boolean add) {
    try {
      DliJob stored =
          client
              .resource(job)
              .edit(
                  j -> {
                    if (add) {
                      j.addFinalizer(NAME);
                    } else {
                      j.removeFinalizer(NAME);
                    }
                    return j;
                  });
      return new Patched(Outcome.DONE, Optional.of(stored));
    } catch (KubernetesClientException e) {
      return switch (e.getCode()) {
        case HttpURLConnection.HTTP_NOT_FOUND -> new Patched(Outcome.GONE, Optional.empty());
        case HttpURLConnection.HTTP_CONFLICT -> new Patched(Outcome.STALE, Optional.empty());
        default -> throw e;
      };
    }
  }
}
