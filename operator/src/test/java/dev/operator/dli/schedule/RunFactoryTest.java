package dev.operator.dli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobTemplateMetadata;
import dev.operator.dli.api.SparkJobSpec;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunFactoryTest {
  private static final Instant SLOT = Instant.parse("2026-03-29T01:00:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void aRunIsOwnedLabelledAnnotatedAndHasTheSlotInItsStatement() {
    DliCronJob cron = CronFixtures.cron("30 2 * * *", ConcurrencyPolicy.Allow);
    cron.setApiVersion("dli.operator.dev/v1alpha1");
    cron.getSpec().getJobTemplate().getSpec().getSql().setConf(Map.of("day", "${scheduledDate}"));

    DliJob run = RunFactory.build(cron, "nightly-29579100", SLOT, BERLIN);

    assertThat(run.getMetadata().getName()).isEqualTo("nightly-29579100");
    assertThat(run.getMetadata().getNamespace()).isEqualTo("analytics");
    OwnerReference owner = run.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("DliCronJob");
    assertThat(owner.getApiVersion()).isEqualTo("dli.operator.dev/v1alpha1");
    assertThat(owner.getUid()).isEqualTo("cron-uid");
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
    assertThat(run.getMetadata().getFinalizers())
        .as("the operator's finalizer from the start, as JOSDK names it")
        .containsExactly(ReconcilerUtils.getDefaultFinalizerName(DliJob.class));
    assertThat(run.getMetadata().getLabels()).containsEntry(DliCronJob.CRONJOB_LABEL, "nightly");
    assertThat(run.getMetadata().getAnnotations())
        .containsEntry(DliCronJob.SCHEDULED_AT_ANNOTATION, "2026-03-29T03:00:00+02:00");
    assertThat(run.getSpec().getSql().getStatement())
        .isEqualTo("INSERT INTO report SELECT * FROM events WHERE day = '2026-03-29'");
    assertThat(run.getSpec().getSql().getConf()).containsEntry("day", "2026-03-29");
    assertThat(cron.getSpec().getJobTemplate().getSpec().getSql().getStatement())
        .as("the template itself is left as it was")
        .contains("${scheduledDate}");
  }

  @Test
  void sparkArgsGetTheSlotToo() {
    DliCronJob cron = CronFixtures.cron("@daily", ConcurrencyPolicy.Allow);
    SparkJobSpec spark = new SparkJobSpec();
    spark.setFile("obs://bucket/job.jar");
    spark.setClassName("Main");
    spark.setQueue("batch");
    spark.setArgs(List.of("--at", "${scheduledTime}", "$${literal}"));
    cron.getSpec().getJobTemplate().getSpec().setSql(null);
    cron.getSpec().getJobTemplate().getSpec().setSpark(spark);

    DliJob run = RunFactory.build(cron, "nightly-1", SLOT, ZoneId.of("UTC"));

    assertThat(run.getSpec().getSpark().getArgs())
        .containsExactly("--at", "2026-03-29T01:00:00Z", "${literal}");
  }

  @Test
  void theTemplatesMetadataIsCopiedButNotTheGitOpsTrackingMarkers() {
    DliCronJob cron = CronFixtures.cron("@daily", ConcurrencyPolicy.Allow);
    DliJobTemplateMetadata metadata = new DliJobTemplateMetadata();
    metadata.setLabels(
        Map.of(
            "team", "data",
            "app.kubernetes.io/instance", "reports",
            "kustomize.toolkit.fluxcd.io/name", "reports",
            "kustomize.toolkit.fluxcd.io/namespace", "flux-system",
            "helm.toolkit.fluxcd.io/name", "reports"));
    metadata.setAnnotations(
        Map.of("owner", "alice", "argocd.argoproj.io/tracking-id", "reports:dli/DliJob:x"));
    cron.getSpec().getJobTemplate().setMetadata(metadata);

    DliJob run = RunFactory.build(cron, "nightly-1", SLOT, ZoneId.of("UTC"));

    assertThat(run.getMetadata().getLabels())
        .containsOnlyKeys("team", DliCronJob.CRONJOB_LABEL)
        .containsEntry("team", "data");
    assertThat(run.getMetadata().getAnnotations())
        .containsOnlyKeys("owner", DliCronJob.SCHEDULED_AT_ANNOTATION);
  }
}
