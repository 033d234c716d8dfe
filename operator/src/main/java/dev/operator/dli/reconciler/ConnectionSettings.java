package dev.operator.dli.reconciler;

import java.time.Duration;

/**
 * Operator-wide settings for every DLI connection.
 *
 * @param listPollingThreshold from how many SQL jobs polled within a minute on one connection their
 *     statuses are read in pages from the list API instead of one GET each (0: never)
 * @param listPollingInterval how old that list may be before it is read again
 */
public record ConnectionSettings(
    Duration connectTimeout,
    Duration readTimeout,
    double requestsPerSecond,
    int listPollingThreshold,
    Duration listPollingInterval) {
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(30), 10, 20, Duration.ofSeconds(2));
  }
}
