package dev.operator.dli.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobTemplateMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a run's DliJob from its DliCronJob's template: owned by the DliCronJob (controller, so the
 * garbage collector deletes the run with it), labelled with it, annotated with the slot, and with
 * the slot in its statement, conf values and Spark args, and created with the operator's finalizer.
 * The GitOps tools' tracking markers are not copied: a run is not in Git, so the tool must neither
 * prune it nor count it as its own, and the TTL guard must not hold it.
 */
public final class RunFactory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TRACKING_KEYS =
      List.of("argocd.argoproj.io/tracking-id", "app.kubernetes.io/instance");
  private static final List<String> TRACKING_PREFIXES =
      List.of("kustomize.toolkit.fluxcd.io/", "helm.toolkit.fluxcd.io/");

  private RunFactory() {}

  public static DliJob build(DliCronJob cron, String name, Instant slot, ZoneId zone) {
    DliJobTemplateMetadata template = cron.getSpec().getJobTemplate().getMetadata();
    Map<String, String> labels = untracked(template == null ? null : template.getLabels());
    labels.put(DliCronJob.CRONJOB_LABEL, cron.getMetadata().getName());
    Map<String, String> annotations =
        untracked(template == null ? null : template.getAnnotations());
    annotations.put(DliCronJob.SCHEDULED_AT_ANNOTATION, Placeholders.rfc3339(slot, zone));
    DliJob run = new DliJob();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(cron.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            // With the operator's finalizer from the start: one write less per run at the slot.
            .withFinalizers(DliJob.FINALIZER)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(cron.getApiVersion())
                    .withKind(cron.getKind())
                    .withName(cron.getMetadata().getName())
                    .withUid(cron.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    run.setSpec(withSlot(cron.getSpec().getJobTemplate().getSpec(), slot, zone));
    return run;
  }

  private static DliJobSpec withSlot(DliJobSpec template, Instant slot, ZoneId zone) {
    DliJobSpec spec = JSON.convertValue(template, DliJobSpec.class);
    if (spec.getSql() != null) {
      spec.getSql().setStatement(Placeholders.apply(spec.getSql().getStatement(), slot, zone));
      if (spec.getSql().getConf() != null) {
        spec.getSql().getConf().replaceAll((k, v) -> Placeholders.apply(v, slot, zone));
      }
    }
    if (spec.getSpark() != null && spec.getSpark().getArgs() != null) {
      spec.getSpark()
          .setArgs(
              spec.getSpark().getArgs().stream()
                  .map(arg -> Placeholders.apply(arg, slot, zone))
                  .toList());
    }
    return spec;
  }

  private static Map<String, String> untracked(Map<String, String> from) {
    Map<String, String> kept = new LinkedHashMap<>();
    if (from != null) {
      from.forEach(
          (key, value) -> {
            if (!TRACKING_KEYS.contains(key)
                && TRACKING_PREFIXES.stream().noneMatch(key::startsWith)) {
              kept.put(key, value);
            }
          });
    }
    return kept;
  }
}
