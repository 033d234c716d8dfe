package dev.operator.dli.testing;

import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliCronJobSpec;
import dev.operator.dli.api.DliJobTemplate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The tests' one way to make a DliCronJob: a SQL template on a schedule, then what differs. */
public final class CronJobFixture {
  private final DliCronJobSpec spec = new DliCronJobSpec();
  private final Map<String, String> annotations = new HashMap<>();
  private String namespace;
  private String name;

  private CronJobFixture() {}

  /** This schedule in UTC, running a SQL job with this statement ({@link DliJobFixture#sql}). */
  public static CronJobFixture of(String schedule, String statement) {
    CronJobFixture fixture = new CronJobFixture();
    fixture.spec.setSchedule(schedule);
    DliJobTemplate template = new DliJobTemplate();
    template.setSpec(DliJobFixture.sql(statement).build().getSpec());
    fixture.spec.setJobTemplate(template);
    return fixture;
  }

  /** Every day at 03:00 UTC. */
  public static CronJobFixture daily(String statement) {
    return of("0 3 * * *", statement);
  }

  public CronJobFixture named(String resourceNamespace, String resourceName) {
    this.namespace = resourceNamespace;
    this.name = resourceName;
    return this;
  }

  public CronJobFixture annotated(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /** Any other spec field: policy, deadline, suspend, history limits, the template... */
  public CronJobFixture with(Consumer<DliCronJobSpec> change) {
    change.accept(spec);
    return this;
  }

  public DliCronJob build() {
    DliCronJob cron = new DliCronJob();
    cron.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withAnnotations(annotations.isEmpty() ? null : Map.copyOf(annotations))
            .build());
    cron.setSpec(spec);
    return cron;
  }
}
