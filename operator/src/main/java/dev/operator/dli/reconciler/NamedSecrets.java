package dev.operator.dli.reconciler;

import dev.operator.dli.connection.SecretHolder;
import dev.operator.dli.connection.SecretLookup;
import dev.operator.dli.metrics.SecretMetrics;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Holds only the Secrets that resources name, each by an informer of its own with a {@code
 * metadata.name} field selector (which RBAC authorizes against {@code resourceNames}), never a
 * namespace's or the cluster's Secrets. An informer starts with the first holder of its Secret (its
 * first list is a wait on the API server, which a reconcile may do) and stops with the last; a
 * Secret's change wakes exactly its holders, found in {@link SecretHolds}.
 *
 * <p>While a holder that may still call DLI holds it, the Secret carries the {@link
 * InUseFinalizer}. It goes when no such holder is left, counting the resources in the operator's
 * cache that hold nothing yet: after a restart, holders come back one by one as they are looked at,
 * and the first to let go must not drop a finalizer that another one still needs.
 */
final class NamedSecrets implements SecretLookup, AutoCloseable {
  /**
   * How resources of one kind are woken, and which of them in the operator's cache may still need a
   * Secret ("namespace/name").
   */
  record HolderKind(Consumer<ResourceID> wake, Function<String, Stream<ResourceID>> usingInCache) {}

  private final KubernetesClient client;
  private final InUseFinalizer finalizer;
  private final SecretMetrics metrics;
  private final Map<String, HolderKind> kinds = new ConcurrentHashMap<>();
  private final SecretHolds holds = new SecretHolds(); // guarded by this
  private final Map<String, Watch> watches = new HashMap<>(); // guarded by this

  NamedSecrets(KubernetesClient client, SecretMetrics metrics) {
    this.client = client;
    this.finalizer = new InUseFinalizer(client);
    this.metrics = metrics;
    metrics.watched(this::watched);
  }

  /** Resources of this kind may hold Secrets from now on. */
  void holders(String kind, HolderKind holderKind) {
    kinds.put(kind, holderKind);
  }

  @Override
  public Optional<Secret> hold(SecretHolder holder, boolean inUse, String namespace, String name) {
    String ref = namespace + "/" + name;
    Watch watch;
    Optional<String> before;
    synchronized (this) {
      before = holds.hold(holder, ref, inUse);
      watch = watches.computeIfAbsent(ref, r -> new Watch(namespace, name));
    }
    before.ifPresent(this::letGo);
    Secret secret = watch.secret();
    settle(ref, secret);
    return Optional.ofNullable(secret);
  }

  /** The holder holds nothing any more (it is gone, or calls DLI no more). */
  @Override
  public void release(SecretHolder holder) {
    Optional<String> before;
    synchronized (this) {
      before = holds.release(holder);
    }
    before.ifPresent(this::letGo);
  }

  @Override
  public Optional<Secret> read(String namespace, String name) {
    try {
      return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      if (isForbidden(e)) {
        throw new Unreadable(forbidden(namespace, name));
      }
      throw e;
    }
  }

  /**
   * A holder let go of the Secret: its informer stops when nobody holds it, its finalizer may go.
   */
  private void letGo(String ref) {
    Watch stopped = null;
    Watch watch;
    synchronized (this) {
      if (!holds.held(ref)) {
        stopped = watches.remove(ref);
      }
      watch = watches.get(ref);
    }
    if (stopped != null) {
      stopped.stop();
    }
    settle(ref, watch == null ? null : watch.cached());
  }

  /**
   * Adds or removes the in-use finalizer as the Secret's holders need it.
   *
   * @param seen the Secret as its informer has it, null when there is no informer (read then, only
   *     when the finalizer may have to go)
   */
  private void settle(String ref, Secret seen) {
    boolean inUse;
    synchronized (this) {
      inUse = holds.inUse(ref);
    }
    String[] parts = ref.split("/", 2);
    Secret secret = seen;
    if (secret == null && !inUse) {
      try {
        secret = read(parts[0], parts[1]).orElse(null);
      } catch (RuntimeException e) {
        return; // not readable: nothing the operator can do about its finalizer
      }
    }
    finalizer.apply(
        InUseFinalizer.needed(inUse, secret, () -> usedByOthers(ref)), parts[0], parts[1]);
  }

  /** Whether a resource in the cache that holds nothing yet may still need the Secret. */
  private boolean usedByOthers(String ref) {
    return kinds.entrySet().stream()
        .anyMatch(
            kind ->
                kind.getValue()
                    .usingInCache()
                    .apply(ref)
                    .anyMatch(id -> !holding(new SecretHolder(kind.getKey(), id))));
  }

  private synchronized boolean holding(SecretHolder holder) {
    return holds.holds(holder);
  }

  /** The Secrets watched now. */
  private synchronized int watched() {
    return watches.size();
  }

  private void wakeHolders(String ref) {
    Set<SecretHolder> holders;
    synchronized (this) {
      holders = holds.holdersOf(ref);
    }
    for (SecretHolder holder : holders) {
      HolderKind kind = kinds.get(holder.kind());
      if (kind != null) {
        kind.wake().accept(holder.id());
        metrics.wokeUp();
      }
    }
  }

  /**
   * Whether a change of a Secret matters to its holders: its data (the connection), or the in-use
   * finalizer taken away by someone else (it is put back). The operator's own finalizer patches
   * wake nobody.
   */
  static boolean wakes(Secret before, Secret after) {
    return !Objects.equals(before.getData(), after.getData())
        || !Objects.equals(before.getStringData(), after.getStringData())
        || (before.hasFinalizer(InUseFinalizer.NAME) && !after.hasFinalizer(InUseFinalizer.NAME));
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

  static String forbidden(String namespace, String name) {
    return "the operator may not read Secret "
        + namespace
        + "/"
        + name
        + ": bind the operator's secrets ClusterRole (<release>-secrets) in namespace "
        + namespace
        + " to its ServiceAccount with a RoleBinding, or grant it get, list, watch and patch on"
        + " that Secret there";
  }

  @Override
  public void close() {
    Map<String, Watch> all;
    synchronized (this) {
      all = new HashMap<>(watches);
      watches.clear();
    }
    all.values().forEach(Watch::stop);
  }

  /** One Secret's informer, started on first read; a failed start is tried again at the next. */
  private final class Watch {
    private final String namespace;
    private final String name;
    private SharedIndexInformer<Secret> informer;
    private boolean stopped;

    Watch(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    synchronized Secret secret() {
      if (informer == null && !stopped) {
        informer = start();
      }
      return cached();
    }

    synchronized Secret cached() {
      return informer == null ? null : informer.getStore().getByKey(namespace + "/" + name);
    }

    synchronized void stop() {
      stopped = true;
      if (informer != null) {
        informer.stop();
      }
    }

    private SharedIndexInformer<Secret> start() {
      String ref = namespace + "/" + name;
      SharedIndexInformer<Secret> started =
          client
              .secrets()
              .inNamespace(namespace)
              .withField("metadata.name", name)
              .runnableInformer(0);
      started.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret secret) {
              wakeHolders(ref);
            }

            @Override
            public void onUpdate(Secret before, Secret after) {
              if (wakes(before, after)) {
                wakeHolders(ref);
              }
            }

            @Override
            public void onDelete(Secret secret, boolean finalStateUnknown) {
              wakeHolders(ref);
            }
          });
      try {
        return started.run(); // waits for the first list
      } catch (RuntimeException e) {
        started.stop();
        if (isForbidden(e)) {
          throw new Unreadable(forbidden(namespace, name));
        }
        throw e;
      }
    }
  }
}
