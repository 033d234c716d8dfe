package dev.operator.dli.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The DliCronJob metrics: {@code dli_cronjob_runs_total{result}} (started, skipped by Forbid,
 * missed) and {@code dli_cronjob_start_delay_seconds}, from a run's slot to its DliJob's creation.
 * Every series exists from the start, so that alerts see zeros rather than nothing.
 */
public final class CronJobMetrics {
  private final Counter started;
  private final Counter skipped;
  private final Counter missed;
  private final Timer startDelay;

  public CronJobMetrics(MeterRegistry registry) {
    this.started = runs(registry, "started");
    this.skipped = runs(registry, "skipped");
    this.missed = runs(registry, "missed");
    this.startDelay =
        Timer.builder("dli.cronjob.start.delay")
            .description("From a scheduled run's slot to the creation of its DliJob")
            .serviceLevelObjectives(
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5))
            .register(registry);
  }

  /** A scheduled run was created this long after its slot. */
  public void started(Duration delay) {
    started.increment();
    startDelay.record(delay.isNegative() ? Duration.ZERO : delay);
  }

  /** A run-now was created. */
  public void startedNow() {
    started.increment();
  }

  public void skipped(int slots) {
    skipped.increment(slots);
  }

  public void missed(int slots) {
    missed.increment(slots);
  }

  private static Counter runs(MeterRegistry registry, String result) {
    return Counter.builder("dli.cronjob.runs")
        .description("DliCronJob slots: a run started, skipped (Forbid) or missed")
        .tag("result", result)
        .register(registry);
  }
}
