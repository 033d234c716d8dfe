package dev.operator.dli.schedule;

import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliCronJobSpec;
import dev.operator.dli.api.DliCronJobStatus;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.DliJobTemplate;
import dev.operator.dli.api.Phase;
import dev.operator.dli.api.SqlJobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** DliCronJobs and runs as the API server would hold them, for the pure tests. */
final class CronFixtures {
  static final Instant CREATED = Instant.parse("2026-03-01T00:00:30Z");

  private CronFixtures() {}

  static DliCronJob cron(String schedule, ConcurrencyPolicy policy) {
    DliCronJob cron = new DliCronJob();
    cron.setMetadata(
        new ObjectMetaBuilder()
            .withName("nightly")
            .withNamespace("analytics")
            .withUid("cron-uid")
            .withGeneration(1L)
            .withCreationTimestamp(CREATED.toString())
            .build());
    DliCronJobSpec spec = new DliCronJobSpec();
    spec.setSchedule(schedule);
    spec.setConcurrencyPolicy(policy);
    DliJobTemplate template = new DliJobTemplate();
    DliJobSpec job = new DliJobSpec();
    SqlJobSpec sql = new SqlJobSpec();
    sql.setStatement("INSERT INTO report SELECT * FROM events WHERE day = '${scheduledDate}'");
    job.setSql(sql);
    template.setSpec(job);
    spec.setJobTemplate(template);
    cron.setSpec(spec);
    return cron;
  }

  /** The cron after the operator dealt with every slot up to this one. */
  static DliCronJob handledUntil(DliCronJob cron, Instant slot) {
    DliCronJobStatus status = new DliCronJobStatus();
    status.setSlotsHandledUntil(CronDecisions.utc(slot));
    status.setLastScheduleTime(CronDecisions.utc(slot));
    cron.setStatus(status);
    return cron;
  }

  /** A run of the cron for this slot, in this phase (null: no status yet). */
  static DliJob run(DliCronJob cron, Instant slot, Phase phase) {
    DliJob run = RunFactory.build(cron, RunNames.forSlot("nightly", slot), slot, ZoneOffset.UTC);
    run.getMetadata().setCreationTimestamp(slot.toString());
    if (phase != null) {
      DliJobStatus status = new DliJobStatus();
      status.setPhase(phase);
      status.setJobId("job-" + slot.getEpochSecond());
      if (phase == Phase.Succeeded) {
        status.setCompletionTime(slot.plusSeconds(60).toString());
      }
      run.setStatus(status);
    }
    return run;
  }

  static DliCronJob annotated(DliCronJob cron, String key, String value) {
    cron.getMetadata().setAnnotations(Map.of(key, value));
    return cron;
  }
}
