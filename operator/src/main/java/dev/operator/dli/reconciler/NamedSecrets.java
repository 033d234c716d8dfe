package dev.operator.dli.reconciler;

import dev.operator.dli.connection.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds only the Secrets that DliJobs name, each by an informer of its own with a {@code
 * metadata.name} field selector (which RBAC authorizes against {@code resourceNames}), never a
 * namespace's or the cluster's Secrets. A Secret's change wakes exactly the DliJobs that hold it.
 *
 * <p>While held, a Secret carries the finalizer {@value #IN_USE}, as Kubernetes protects a volume
 * claim in use: deleting it (or its namespace) leaves it readable until the last DliJob that uses
 * it is released, so that their cancels can still be signed. The finalizer goes when no DliJob in
 * the operator's cache names the Secret any more, so a restart that re-registers holders one by one
 * never drops it early.
 */
final class NamedSecrets implements SecretLookup, AutoCloseable {
  static final String IN_USE = "dli.operator.dev/in-use";
  private static final Logger log = LoggerFactory.getLogger(NamedSecrets.class);

  private record Watched(SharedIndexInformer<Secret> informer, Set<ResourceID> holders) {}

  private final KubernetesClient client;
  private final Consumer<ResourceID> wake;
  private final Map<String, Watched> watched = new HashMap<>();
  private final Map<ResourceID, String> heldBy = new HashMap<>();
  private volatile Predicate<String> stillNamed = ref -> false;

  /**
   * @param wake tells JOSDK that a DliJob has something new to look at
   */
  NamedSecrets(KubernetesClient client, Consumer<ResourceID> wake) {
    this.client = client;
    this.wake = wake;
  }

  /** Whether a DliJob in the cache still names this Secret ("namespace/name"). */
  void stillNamedBy(Predicate<String> stillNamed) {
    this.stillNamed = stillNamed;
  }

  @Override
  public Optional<Secret> find(ResourceID holder, String namespace, String name) {
    String ref = namespace + "/" + name;
    if (holder == null) {
      return readOnce(namespace, name);
    }
    Secret secret;
    synchronized (this) {
      String before = heldBy.put(holder, ref);
      if (before != null && !before.equals(ref)) {
        drop(holder, before);
      }
      Watched w = watched.get(ref);
      if (w == null) {
        w = new Watched(start(namespace, name, ref), new HashSet<>());
        watched.put(ref, w);
      }
      w.holders().add(holder);
      secret = w.informer().getStore().getByKey(ref);
    }
    if (secret != null && !secret.hasFinalizer(IN_USE) && !secret.isMarkedForDeletion()) {
      protect(namespace, name);
    }
    return Optional.ofNullable(secret);
  }

  /** The DliJob is gone: it holds nothing any more. */
  void release(ResourceID holder) {
    String ref;
    synchronized (this) {
      ref = heldBy.remove(holder);
      if (ref == null) {
        return;
      }
    }
    drop(holder, ref);
  }

  private void drop(ResourceID holder, String ref) {
    boolean unheld;
    synchronized (this) {
      Watched w = watched.get(ref);
      if (w == null) {
        return;
      }
      w.holders().remove(holder);
      unheld = w.holders().isEmpty();
      if (unheld) {
        watched.remove(ref);
        w.informer().stop();
      }
    }
    if (unheld && !stillNamed.test(ref)) {
      unprotect(ref);
    }
  }

  /** How many Secrets the operator holds now (tests and benches). */
  synchronized int held() {
    return watched.size();
  }

  private SharedIndexInformer<Secret> start(String namespace, String name, String ref) {
    try {
      // Waits for the first list: a wait on the API server, which a reconcile may do.
      return client
          .secrets()
          .inNamespace(namespace)
          .withField("metadata.name", name)
          .inform(new WakeHolders(ref), 0);
    } catch (RuntimeException e) {
      if (isForbidden(e)) {
        throw new Unreadable(forbidden(namespace, name));
      }
      throw e;
    }
  }

  private Optional<Secret> readOnce(String namespace, String name) {
    try {
      return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      if (isForbidden(e)) {
        throw new Unreadable(forbidden(namespace, name));
      }
      throw e;
    }
  }

  /** The informer wraps the list's failure; 403 is in its causes. */
  private static boolean isForbidden(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k
          && k.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return true;
      }
    }
    return false;
  }

  private static String forbidden(String namespace, String name) {
    return "the operator may not read Secret "
        + namespace
        + "/"
        + name
        + ": grant it get, list, watch and update on that Secret in namespace "
        + namespace
        + " (see the README, Security)";
  }

  /** A Secret that a DliJob uses gets the in-use finalizer (a 409 is retried on the next pass). */
  private void protect(String namespace, String name) {
    try {
      client
          .secrets()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              s -> {
                if (!s.hasFinalizer(IN_USE) && !s.isMarkedForDeletion()) {
                  s.addFinalizer(IN_USE);
                }
                return s;
              });
    } catch (KubernetesClientException e) {
      log.debug("could not mark Secret {}/{} as in use ({})", namespace, name, e.getCode());
    }
  }

  private void unprotect(String ref) {
    String[] parts = ref.split("/", 2);
    try {
      Secret secret = client.secrets().inNamespace(parts[0]).withName(parts[1]).get();
      if (secret != null && secret.hasFinalizer(IN_USE)) {
        client
            .secrets()
            .inNamespace(parts[0])
            .withName(parts[1])
            .edit(
                s -> {
                  s.removeFinalizer(IN_USE);
                  return s;
                });
      }
    } catch (KubernetesClientException e) {
      log.warn("could not remove the in-use finalizer of Secret {} ({})", ref, e.getCode());
    }
  }

  @Override
  public synchronized void close() {
    watched.values().forEach(w -> w.informer().stop());
    watched.clear();
    heldBy.clear();
  }

  /** Wakes the DliJobs that hold the Secret. */
  private final class WakeHolders implements ResourceEventHandler<Secret> {
    private final String ref;

    WakeHolders(String ref) {
      this.ref = ref;
    }

    private void wakeAll() {
      List<ResourceID> holders;
      synchronized (NamedSecrets.this) {
        Watched w = watched.get(ref);
        holders = w == null ? List.of() : List.copyOf(w.holders());
      }
      holders.forEach(wake);
    }

    @Override
    public void onAdd(Secret secret) {
      wakeAll();
    }

    @Override
    public void onUpdate(Secret before, Secret after) {
      wakeAll();
    }

    @Override
    public void onDelete(Secret secret, boolean finalStateUnknown) {
      wakeAll();
    }
  }
}
