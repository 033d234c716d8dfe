package dev.operator.dli.reconciler;

import java.time.Duration;

/** Operator-wide settings for every DLI connection. */
public record ConnectionSettings(Duration connectTimeout, Duration readTimeout, double requestsPerSecond) {
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 10);
  }
}
