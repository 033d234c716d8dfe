package dev.operator.dli.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** The meters of the connection Secrets the operator reads. */
public final class SecretMetrics {
  private final MeterRegistry registry;
  private final Counter wakeUps;

  public SecretMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.wakeUps =
        Counter.builder("dli.secret.wakeups")
            .description("resources woken because a Secret they read changed")
            .register(registry);
  }

  /** dli_secrets_watched: the Secrets the operator watches now, one informer each. */
  public void watched(Supplier<Number> count) {
    Gauge.builder("dli.secrets.watched", count)
        .description("Secrets the operator watches now, each by a watch of its own")
        .register(registry);
  }

  /** dli_secret_wakeups_total: one per resource woken by a change of a Secret it reads. */
  public void wokeUp() {
    wakeUps.increment();
  }
}
