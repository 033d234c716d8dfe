package dev.operator.dli.reconciler;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.DliConnection;
import dev.operator.dli.connection.ConnectionCatalog;
import dev.operator.dli.connection.ConnectionResource;
import dev.operator.dli.connection.ConnectionTarget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The connection resources, each kind from one informer (per watched namespace when the operator
 * watches some), and the labels of the namespaces asked about, each from an informer of its own (by
 * name), all started when first asked for: an operator whose DliJobs name only deprecated
 * connection Secrets never lists them, and the operator holds the namespaces its DliJobs live in,
 * not every namespace of a shared cluster. A change that can alter a DliJob's connection, or
 * whether its namespace may use it, wakes the DliJobs that name the connection.
 */
final class ConnectionObjects implements ConnectionCatalog, AutoCloseable {
  /** What a change wakes: DliJobs by connection key, or those of one namespace. */
  interface Wakes {
    void jobsOf(String connectionKey);

    void clusterConnectionJobsIn(String namespace);
  }

  private final Set<String> watchNamespaces;
  private final Set<ConnectionKind> served;
  private final Wakes wakes;
  private final Informers<DliConnection> dliConnections;
  private final Informers<ClusterDliConnection> clusterConnections;
  private final KubernetesClient client;
  private final Map<String, Informers<Namespace>> namespaces = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param watchNamespaces the namespaces the operator watches; empty for all
   * @param served the connection kinds whose CRDs are installed
   */
  ConnectionObjects(
      KubernetesClient client,
      Set<String> watchNamespaces,
      Set<ConnectionKind> served,
      Wakes wakes) {
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    this.served = Set.copyOf(served);
    this.wakes = wakes;
    this.dliConnections =
        new Informers<>(
            namespaced(
                ns ->
                    ns == null
                        ? client.resources(DliConnection.class).inAnyNamespace().runnableInformer(0)
                        : client
                            .resources(DliConnection.class)
                            .inNamespace(ns)
                            .runnableInformer(0)),
            connectionHandler(ConnectionKind.DliConnection));
    this.clusterConnections =
        new Informers<>(
            () -> List.of(client.resources(ClusterDliConnection.class).runnableInformer(0)),
            connectionHandler(ConnectionKind.ClusterDliConnection));
    this.client = client;
  }

  @Override
  public Optional<DliConnection> dliConnection(String namespace, String name) {
    if (!served.contains(ConnectionKind.DliConnection)) {
      return Optional.empty();
    }
    return readable(() -> dliConnections.get(namespace + "/" + name), "dliconnections", namespace);
  }

  @Override
  public Optional<ClusterDliConnection> clusterConnection(String name) {
    if (!served.contains(ConnectionKind.ClusterDliConnection)) {
      return Optional.empty();
    }
    return readable(() -> clusterConnections.get(name), "clusterdliconnections", null);
  }

  /** A lookup whose cache cannot be filled (say RBAC refuses the list) says what to grant. */
  private static <T> Optional<T> readable(
      Supplier<Optional<T>> lookup, String plural, String namespace) {
    try {
      return lookup.get();
    } catch (RuntimeException e) {
      throw new ConnectionCatalog.Unreadable(
          "the operator cannot list "
              + plural
              + (namespace == null ? "" : " in namespace " + namespace)
              + " ("
              + e.getClass().getSimpleName()
              + "): it needs get, list and watch on "
              + plural
              + ".dli.operator.dev");
    }
  }

  @Override
  public Optional<Map<String, String>> namespaceLabels(String namespace) {
    if (closed) {
      return Optional.empty();
    }
    try {
      return namespaces
          .computeIfAbsent(
              namespace,
              ns ->
                  new Informers<>(
                      () ->
                          List.of(
                              client
                                  .namespaces()
                                  .withField("metadata.name", ns)
                                  .runnableInformer(0)),
                      namespaceHandler()))
          .get(namespace)
          .map(n -> n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels());
    } catch (RuntimeException e) {
      return Optional.empty(); // not readable (RBAC): the resolver says what to grant
    }
  }

  @Override
  public String unserved(ConnectionKind kind) {
    return served.contains(kind)
        ? null
        : "the "
            + kind
            + " kind is not installed (its CustomResourceDefinition is missing): apply the"
            + " chart's CRDs and restart the operator";
  }

  /**
   * The connections of this kind in the cache that name a Secret ("namespace/name"). One being
   * deleted is not counted: it holds its Secret itself while its DliJobs need it, and lets go only
   * once they are released.
   */
  Stream<HasMetadata> usingSecret(ConnectionKind kind, String secretRef) {
    return namingSecret(kind, secretRef).filter(c -> !c.isMarkedForDeletion());
  }

  private Stream<HasMetadata> namingSecret(ConnectionKind kind, String secretRef) {
    if (!served.contains(kind)) {
      return Stream.empty();
    }
    Stream<? extends HasMetadata> all =
        kind == ConnectionKind.DliConnection ? dliConnections.list() : clusterConnections.list();
    return all.filter(c -> secretRef.equals(ConnectionResource.of(c).secretRef()))
        .map(HasMetadata.class::cast);
  }

  private <T extends HasMetadata> Supplier<List<SharedIndexInformer<T>>> namespaced(
      Function<String, SharedIndexInformer<T>> informerIn) {
    return () ->
        watchNamespaces.isEmpty()
            ? List.of(informerIn.apply(null))
            : watchNamespaces.stream().map(informerIn).toList();
  }

  private <T extends HasMetadata> ResourceEventHandler<T> connectionHandler(ConnectionKind kind) {
    Consumer<T> wake =
        c ->
            wakes.jobsOf(
                new ConnectionTarget.Resource(
                        kind, c.getMetadata().getNamespace(), c.getMetadata().getName())
                    .key());
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T connection) {
        wake.accept(connection);
      }

      @Override
      public void onUpdate(T before, T after) {
        // the spec (generation) or the start of its deletion; not the status the operator writes
        if (!Objects.equals(
                before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
            || before.isMarkedForDeletion() != after.isMarkedForDeletion()) {
          wake.accept(after);
        }
      }

      @Override
      public void onDelete(T connection, boolean finalStateUnknown) {
        wake.accept(connection);
      }
    };
  }

  private ResourceEventHandler<Namespace> namespaceHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace namespace) {
        // its DliJobs wait for its first list; nothing to wake
      }

      @Override
      public void onUpdate(Namespace before, Namespace after) {
        if (!Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())) {
          wakes.clusterConnectionJobsIn(after.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(Namespace namespace, boolean finalStateUnknown) {
        // Its DliJobs are gone with it, and so goes its watch: namespaces that come and go (a
        // preview environment's, say) leave none behind. Stopped on another thread than its own.
        Informers<Namespace> gone = namespaces.remove(namespace.getMetadata().getName());
        if (gone != null) {
          CompletableFuture.runAsync(gone::close);
        }
      }
    };
  }

  /** The namespaces whose labels are watched. */
  Set<String> namespacesWatched() {
    return Set.copyOf(namespaces.keySet());
  }

  @Override
  public void close() {
    closed = true;
    dliConnections.close();
    clusterConnections.close();
    namespaces.values().forEach(Informers::close);
  }

  /** A kind's informers, started on first use and waited for until their first list is in. */
  private static final class Informers<T extends HasMetadata> implements AutoCloseable {
    private final Supplier<List<SharedIndexInformer<T>>> create;
    private final ResourceEventHandler<T> handler;
    private List<SharedIndexInformer<T>> running; // guarded by this
    private boolean closed; // guarded by this

    Informers(Supplier<List<SharedIndexInformer<T>>> create, ResourceEventHandler<T> handler) {
      this.create = create;
      this.handler = handler;
    }

    /** By "namespace/name", or name for a cluster-scoped kind. */
    Optional<T> get(String key) {
      for (SharedIndexInformer<T> informer : started()) {
        T found = informer.getStore().getByKey(key);
        if (found != null) {
          return Optional.of(found);
        }
      }
      return Optional.empty();
    }

    Stream<T> list() {
      return started().stream().flatMap(i -> i.getStore().list().stream());
    }

    private synchronized List<SharedIndexInformer<T>> started() {
      if (running == null && !closed) {
        List<SharedIndexInformer<T>> informers = new ArrayList<>(create.get());
        try {
          for (SharedIndexInformer<T> informer : informers) {
            informer.addEventHandler(handler);
            informer.run(); // waits for the first list
          }
        } catch (RuntimeException e) {
          informers.forEach(SharedIndexInformer::stop);
          throw e; // tried again at the next use
        }
        running = informers;
      }
      return running == null ? List.of() : running;
    }

    @Override
    public synchronized void close() {
      closed = true;
      if (running != null) {
        running.forEach(SharedIndexInformer::stop);
      }
    }
  }
}
