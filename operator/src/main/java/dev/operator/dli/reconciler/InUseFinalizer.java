package dev.operator.dli.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The finalizer {@value #NAME} on a Secret that a resource may still need to call DLI, as
 * Kubernetes' pvc-protection keeps a volume claim in use: deleting the Secret, or its namespace,
 * leaves it readable until its last user lets go. Strategic merge patches add and remove only this
 * finalizer (RBAC: patch), whatever else the Secret carries; the Secret's data is never sent.
 */
final class InUseFinalizer {
  static final String NAME = "dli.operator.dev/in-use";
  private static final String ADD = "{\"metadata\":{\"finalizers\":[\"" + NAME + "\"]}}";
  private static final String REMOVE =
      "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"" + NAME + "\"]}}";
  private static final int ATTEMPTS = 3;
  private static final Logger log = LoggerFactory.getLogger(InUseFinalizer.class);

  enum Change {
    ADD,
    REMOVE,
    NONE
  }

  private final KubernetesClient client;

  /** Secrets whose last patch failed: a warning once, not at every pass. */
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  InUseFinalizer(KubernetesClient client) {
    this.client = client;
  }

  /**
   * What the Secret's finalizer needs.
   *
   * @param inUse whether a holder that may still call DLI holds the Secret
   * @param secret the Secret as last seen, null when it is gone
   * @param usedByOthers whether a resource that holds nothing yet (not looked at since the operator
   *     started) may still need it; asked only before a removal
   */
  static Change needed(boolean inUse, Secret secret, BooleanSupplier usedByOthers) {
    if (secret == null) {
      return Change.NONE;
    }
    boolean carries = secret.hasFinalizer(NAME);
    if (inUse) {
      // A Secret being deleted takes no new finalizer: without ours it is gone in a moment.
      return carries || secret.isMarkedForDeletion() ? Change.NONE : Change.ADD;
    }
    return carries && !usedByOthers.getAsBoolean() ? Change.REMOVE : Change.NONE;
  }

  /** Carries the change out; a conflict or an unreachable API server is tried again at once. */
  void apply(Change change, String namespace, String name) {
    if (change == Change.NONE) {
      return;
    }
    String patch = change == Change.ADD ? ADD : REMOVE;
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .secrets()
            .inNamespace(namespace)
            .withName(name)
            .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
        failing.remove(namespace + "/" + name);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return; // gone: nothing to keep
        }
        if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN || attempt == ATTEMPTS) {
          boolean first = failing.add(namespace + "/" + name);
          log.atLevel(first ? Level.WARN : Level.DEBUG)
              .log(
                  "could not {} the finalizer {} of Secret {}/{} (HTTP {}){}",
                  change == Change.ADD ? "add" : "remove",
                  NAME,
                  namespace,
                  name,
                  e.getCode(),
                  e.getCode() == HttpURLConnection.HTTP_FORBIDDEN
                      ? ": the operator needs patch on that Secret"
                      : "");
          return;
        }
      }
    }
  }
}
