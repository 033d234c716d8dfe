package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.metrics.CronJobMetrics;
import dev.operator.dli.schedule.CronDecisions;
import dev.operator.dli.schedule.CronPlan;
import dev.operator.dli.schedule.Runs;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK glue for DliCronJobs: reads the cron's runs from an informer of the DliJobs labelled with a
 * cron, asks {@link CronDecisions} at the cron clock's instant, and carries the plan out. Runs are
 * created with create, never apply: a name that is taken (409) means the run started already, so a
 * crash, a restart or a lost status write never starts two runs for one slot. The cron wakes at its
 * next slot (a reschedule), and whenever one of its runs changes in what the cron reads of it (not
 * at each of a run's own status writes: 500 runs at one slot would wake their crons thousands of
 * times). Annotations wake it too (run-now), so events are not filtered by generation.
 */
@ControllerConfiguration(name = "dlicronjob", generationAwareEventProcessing = false)
public class DliCronJobReconciler implements Reconciler<DliCronJob> {
  private static final Logger log = LoggerFactory.getLogger(DliCronJobReconciler.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final CronDecisions decisions = new CronDecisions();
  private final EventRecorder events;
  private final CronJobMetrics metrics;

  /**
   * @param clock where the slots are read from; only the cron code reads it (tests move it)
   */
  public DliCronJobReconciler(
      KubernetesClient client, Clock clock, String instance, MeterRegistry metrics) {
    this.client = client;
    this.clock = clock;
    this.events = new EventRecorder(client, instance);
    this.metrics = new CronJobMetrics(metrics);
  }

  @Override
  public List<EventSource<?, DliCronJob>> prepareEventSources(
      EventSourceContext<DliCronJob> context) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(DliJob.class, DliCronJob.class)
                .withName("runs")
                .withLabelSelector(DliCronJob.CRONJOB_LABEL)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DliCronJob.class))
                .withOnUpdateFilter((run, before) -> Runs.differForTheCron(run, before))
                .withNamespacesInheritedFromController()
                .build(),
            context));
  }

  @Override
  public UpdateControl<DliCronJob> reconcile(DliCronJob cron, Context<DliCronJob> context) {
    Instant now = clock.instant();
    List<DliJob> runs =
        context
            .getSecondaryResourcesAsStream(DliJob.class)
            .filter(run -> ownedBy(run, cron))
            .toList();
    CronPlan plan = decisions.decide(cron, runs, now);
    plan.cancel().forEach(this::cancel);
    plan.events()
        .forEach(e -> events.record(cron, e.reason().name(), e.reason().warning(), e.message()));
    boolean started = false;
    for (CronPlan.NewRun run : plan.create()) {
      started |= start(cron, run, now);
    }
    plan.delete().forEach(this::delete);
    metrics.skipped(plan.skipped());
    metrics.missed(plan.missed());
    UpdateControl<DliCronJob> control;
    if (started || sameJson(cron.getStatus(), plan.status())) {
      // A look that started a run leaves the status (and the RunStarted Event) to the next look,
      // which the run's arrival in the informer brings: at a slot that 500 crons share, every run
      // is created before their crons' other writes.
      control = UpdateControl.noUpdate();
    } else {
      DliCronJob updated = new DliCronJob();
      updated.setMetadata(cron.getMetadata());
      updated.setSpec(cron.getSpec());
      updated.setStatus(plan.status());
      control = UpdateControl.patchStatus(updated);
    }
    // From the decision's own instant: the cron clock may not be the system's.
    Duration wakeIn = plan.wakeIn().orElse(null);
    return wakeIn == null ? control : control.rescheduleAfter(wakeIn);
  }

  /** Creates the run; false when it existed already (its slot had started). */
  private boolean start(DliCronJob cron, CronPlan.NewRun run, Instant now) {
    String name = run.job().getMetadata().getName();
    try {
      client.resource(run.job()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      log.debug("{}/{} exists: its run started already", cron.getMetadata().getNamespace(), name);
      return false;
    }
    if (run.scheduled()) {
      metrics.started(Duration.between(run.slot(), now));
    } else {
      metrics.startedNow();
    }
    return true;
  }

  /** Replace: the run's own cancel, so that DLI's answer lands in its status. */
  private void cancel(DliJob run) {
    try {
      client
          .resources(DliJob.class)
          .inNamespace(run.getMetadata().getNamespace())
          .withName(run.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"cancel\": true}}");
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  /** History: an ended run goes; its own finalizer releases it without a DLI call. */
  private void delete(DliJob run) {
    client
        .resources(DliJob.class)
        .inNamespace(run.getMetadata().getNamespace())
        .withName(run.getMetadata().getName())
        .delete();
  }

  private static boolean ownedBy(DliJob run, DliCronJob cron) {
    List<OwnerReference> owners = run.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o ->
                    Boolean.TRUE.equals(o.getController())
                        && Objects.equals(o.getUid(), cron.getMetadata().getUid()));
  }

  private static boolean sameJson(Object a, Object b) {
    return Serialization.jsonMapper()
        .valueToTree(a)
        .equals(Serialization.jsonMapper().valueToTree(b));
  }
}
