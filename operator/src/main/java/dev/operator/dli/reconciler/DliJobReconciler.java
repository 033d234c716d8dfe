package dev.operator.dli.reconciler;

import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.connection.ConnectionResolver;
import dev.operator.dli.connection.ConnectionSettings;
import dev.operator.dli.connection.ConnectionTarget;
import dev.operator.dli.connection.SecretHolder;
import dev.operator.dli.lifecycle.Action;
import dev.operator.dli.lifecycle.Decisions;
import dev.operator.dli.lifecycle.DliWork;
import dev.operator.dli.lifecycle.Outcomes;
import dev.operator.dli.lifecycle.Timing;
import dev.operator.dli.metrics.ConnectionMetrics;
import dev.operator.dli.metrics.JobMetrics;
import dev.operator.dli.metrics.SecretMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK glue: resolves the connection, runs one {@link ReconcilePass}, and turns its end into a
 * reschedule, a resource deletion (TTL) or the finalizer's release. The connection Secrets that
 * DliJobs with DLI work left name are watched one by one and kept while they are used ({@link
 * NamedSecrets}), so that fixing one wakes the DliJobs that use it.
 */
@ControllerConfiguration(name = "dlijob", triggerReconcilerOnAllEvents = true)
public class DliJobReconciler implements Reconciler<DliJob>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DliJobReconciler.class);
  private static final Duration CONFLICT_RETRY = Duration.ofMillis(200);
  private static final String BY_CONNECTION = "connection";

  private final KubernetesClient client;
  private final String defaultConnection;
  private final ConnectionSettings settings;
  private final Finalizer finalizer;
  private final MeterRegistry metrics;
  private final JobMetrics jobMetrics;
  private final ReconcilePass.Parts parts;
  private final RemovedJobs removed;
  private final Set<String> watchNamespaces;
  private final Set<ConnectionKind> connectionKinds;
  private volatile NamedSecrets secrets;
  private volatile ConnectionObjects objects;
  private volatile ConnectionResolver connections;
  private volatile IndexerResourceCache<DliJob> jobs;

  /** Wakes a DliJob: a call's answer or a new DLI status is there. */
  private final SimpleInboundEventSource<DliJob> wakeUps = new SimpleInboundEventSource<>("dli");

  /**
   * @param defaultConnection DLI_DEFAULT_CONNECTION: a ClusterDliConnection's name, or
   *     "namespace/name" of a deprecated connection Secret; null for none
   * @param watchNamespaces the namespaces the operator watches; empty for all
   * @param connectionKinds the connection kinds whose CRDs are installed
   * @param metrics where the DLI request and job metrics go
   * @param afterSubmit runs right after each submit call, before its job ID is recorded (tests
   *     simulate a crash)
   */
  public DliJobReconciler(
      KubernetesClient client,
      String defaultConnection,
      Set<String> watchNamespaces,
      Set<ConnectionKind> connectionKinds,
      ConnectionSettings settings,
      Timing timing,
      String instance,
      MeterRegistry metrics,
      Runnable afterSubmit) {
    this.client = client;
    this.defaultConnection = defaultConnection;
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    this.connectionKinds = Set.copyOf(connectionKinds);
    this.settings = settings;
    this.finalizer = new Finalizer(client);
    this.metrics = metrics;
    this.jobMetrics = new JobMetrics(metrics);
    Clock clock = Clock.systemUTC();
    Instant started = clock.instant();
    Decisions decisions = new Decisions(timing, started);
    CallsUnderWay calls = new CallsUnderWay();
    EventRecorder events = new EventRecorder(client, instance);
    this.parts =
        new ReconcilePass.Parts(
            decisions,
            new Outcomes(timing, started),
            calls,
            events,
            new StatusWriter(client, jobMetrics, clock),
            clock,
            afterSubmit,
            wakeUps::propagateEvent);
    this.removed = new RemovedJobs(calls, decisions, events, clock);
  }

  @Override
  public List<EventSource<?, DliJob>> prepareEventSources(EventSourceContext<DliJob> context) {
    jobs = context.getPrimaryCache();
    jobMetrics.countJobs(() -> jobs.list());
    jobs.addIndexer(
        BY_CONNECTION, job -> List.of(ConnectionTarget.of(job, defaultConnection).key()));
    secrets = new NamedSecrets(client, new SecretMetrics(metrics));
    objects =
        new ConnectionObjects(
            client,
            watchNamespaces,
            connectionKinds,
            new ConnectionObjects.Wakes() {
              @Override
              public void jobsOf(String connectionKey) {
                usingConnection(connectionKey).forEach(wakeUps::propagateEvent);
              }

              @Override
              public void clusterConnectionJobsIn(String namespace) {
                jobs.list(namespace)
                    .filter(
                        job ->
                            ConnectionTarget.of(job, defaultConnection)
                                    instanceof ConnectionTarget.Resource r
                                && r.kind() == ConnectionKind.ClusterDliConnection)
                    .map(ResourceID::fromResource)
                    .forEach(wakeUps::propagateEvent);
              }
            });
    connections =
        new ConnectionResolver(
            secrets,
            objects,
            defaultConnection,
            settings,
            new ConnectionMetrics(metrics),
            wakeUps::propagateEvent);
    secrets.holders(
        SecretHolder.DLI_JOB,
        new NamedSecrets.HolderKind(
            wakeUps::propagateEvent,
            ref -> {
              String[] parts = ref.split("/", 2);
              return usingConnection(new ConnectionTarget.LegacySecret(parts[0], parts[1]).key());
            }));
    for (ConnectionKind kind : connectionKinds) {
      secrets.holders(
          kind.name(),
          new NamedSecrets.HolderKind(
              connection ->
                  usingConnection(
                          new ConnectionTarget.Resource(
                                  kind,
                                  connection.getNamespace().orElse(null),
                                  connection.getName())
                              .key())
                      .forEach(wakeUps::propagateEvent),
              ref -> objects.usingSecret(kind, ref).map(ResourceID::fromResource)));
    }
    return List.of(wakeUps);
  }

  /** The DliJobs in the cache that name a connection and may still call DLI. */
  Stream<ResourceID> usingConnection(String connectionKey) {
    IndexerResourceCache<DliJob> cache = jobs;
    return cache == null
        ? Stream.empty()
        : cache.byIndex(BY_CONNECTION, connectionKey).stream()
            .filter(DliWork::left)
            .map(ResourceID::fromResource);
  }

  /** The resolver, once the event sources are prepared; the connection kinds' status uses it. */
  ConnectionResolver connections() {
    return connections;
  }

  /**
   * Called for every event, its deletion too (JOSDK's all-events mode), so that the finalizer is
   * the operator's own to add and remove: see {@link Finalizer}.
   */
  @Override
  public UpdateControl<DliJob> reconcile(DliJob job, Context<DliJob> context) {
    if (context.isPrimaryResourceDeleted() || context.isPrimaryResourceFinalStateUnknown()) {
      removed.removed(job, connections); // normally after its release; if not, its job is cancelled
      secrets.release(SecretHolder.of(job));
      return UpdateControl.noUpdate();
    }
    if (job.isMarkedForDeletion()) {
      return job.hasFinalizer(Finalizer.NAME) ? cleanup(job, context) : UpdateControl.noUpdate();
    }
    DliJob held = job;
    if (!job.hasFinalizer(Finalizer.NAME)) {
      Finalizer.Patched patched = finalizer.add(job);
      if (patched.outcome() != Finalizer.Outcome.DONE) {
        return afterPatch(patched);
      }
      held = patched.job().orElseThrow();
    }
    ReconcilePass.Result result = pass(held, context);
    if (result.action() instanceof Action.DeleteResource) {
      return deleteAfterTtl(result.job());
    }
    Duration delay = result.action() instanceof Action.Wait wait ? wait.delay() : null;
    return delay == null
        ? UpdateControl.noUpdate()
        : UpdateControl.<DliJob>noUpdate().rescheduleAfter(delay);
  }

  /**
   * After the finalizer's patch: a stale copy is looked at again; done or gone needs nothing more
   * (a DliJob that is gone has a deletion event of its own).
   */
  private static UpdateControl<DliJob> afterPatch(Finalizer.Patched patched) {
    return patched.outcome() == Finalizer.Outcome.STALE
        ? UpdateControl.<DliJob>noUpdate().rescheduleAfter(CONFLICT_RETRY)
        : UpdateControl.noUpdate();
  }

  /**
   * Deletes the resource as last read: the resourceVersion precondition makes the API server refuse
   * (409) when it changed or is another object of the same name.
   */
  private UpdateControl<DliJob> deleteAfterTtl(DliJob job) {
    try {
      client.resource(job).lockResourceVersion().delete();
      return UpdateControl.noUpdate();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return UpdateControl.<DliJob>noUpdate().rescheduleAfter(CONFLICT_RETRY);
    }
  }

  /** A deletion: the finalizer goes once the lifecycle releases the DliJob. */
  private UpdateControl<DliJob> cleanup(DliJob job, Context<DliJob> context) {
    ReconcilePass.Result result = pass(job, context);
    if (result.action() instanceof Action.Release) {
      return afterPatch(finalizer.remove(result.job()));
    }
    Duration delay =
        result.action() instanceof Action.Wait wait && wait.delay() != null
            ? wait.delay()
            : Duration.ofSeconds(5);
    return UpdateControl.<DliJob>noUpdate().rescheduleAfter(delay);
  }

  /**
   * One pass, with the job's connection while it may still call DLI; once it calls DLI no more, it
   * lets go of its Secret.
   */
  private ReconcilePass.Result pass(DliJob job, Context<DliJob> context) {
    ReconcilePass pass = new ReconcilePass(parts, context);
    try {
      ReconcilePass.Result result =
          pass.run(
              job,
              DliWork.left(job)
                  ? connections.resolve(job)
                  : ConnectionResolver.Resolved.NOT_NEEDED);
      if (!DliWork.left(result.job())) {
        secrets.release(SecretHolder.of(job));
      }
      return result;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        // Gone since this event: released, or removed early (its DELETED event goes to
        // RemovedJobs).
        log.debug("{}/{} is gone", job.getMetadata().getNamespace(), job.getMetadata().getName());
        return new ReconcilePass.Result(new Action.Wait(null), job);
      }
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        jobMetrics.reconcileFailed();
        throw e;
      }
      // Our copy was stale (the user or the API server changed the resource): nothing was lost,
      // look again.
      log.debug(
          "{}/{} changed while reconciling; again with a fresh copy",
          job.getMetadata().getNamespace(),
          job.getMetadata().getName());
      return new ReconcilePass.Result(new Action.Wait(CONFLICT_RETRY), job);
    } catch (RuntimeException e) {
      jobMetrics.reconcileFailed();
      throw e;
    }
  }

  @Override
  public void close() {
    if (connections != null) {
      connections.close();
    }
    if (objects != null) {
      objects.close();
    }
    if (secrets != null) {
      secrets.close();
    }
  }
}
