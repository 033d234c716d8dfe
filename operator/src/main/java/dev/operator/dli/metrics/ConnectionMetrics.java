package dev.operator.dli.metrics;

import dev.operator.dli.client.CallListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/** The meters of DLI connections, each tagged with its connection ("namespace/secret"). */
public final class ConnectionMetrics {
  private final MeterRegistry registry;

  public ConnectionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * dli_requests_seconds{connection, method, status}: every HTTP exchange with DLI or IAM; status 0
   * = no answer.
   */
  public CallListener requestTimer(String connection) {
    return (method, status, took) ->
        Timer.builder("dli.requests")
            .description("HTTP exchanges with DLI and IAM")
            .tags("connection", connection, "method", method, "status", Integer.toString(status))
            .register(registry)
            .record(took);
  }

  /**
   * dli_connection_budget_requests_per_second{connection}: what the connection's budget allows now.
   */
  public void budget(String connection, Supplier<Number> rate) {
    Gauge.builder("dli.connection.budget.requests.per.second", rate)
        .description("DLI requests per second the connection's budget allows now")
        .tag("connection", connection)
        .register(registry);
  }
}
