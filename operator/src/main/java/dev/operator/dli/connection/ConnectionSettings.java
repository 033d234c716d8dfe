package dev.operator.dli.connection;

import java.time.Duration;

/**
 * Operator-wide settings for every DLI connection.
 *
 * @param requestsPerSecond the most a connection's budget allows (it learns less from the gateway)
 * @param sweepInterval the pause between two status sweeps of a connection, stretched so that
 *     sweeps take at most half of its budget
 * @param callsAtOnce how many calls of one connection may wait for their answers at once
 * @param callThreads how many calls may wait for their answers at once over all connections: the
 *     threads of the pool they share
 */
public record ConnectionSettings(
    Duration connectTimeout,
    Duration readTimeout,
    double requestsPerSecond,
    Duration sweepInterval,
    int callsAtOnce,
    int callThreads) {
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(30), 10, Duration.ofSeconds(2), 8, 16);
  }
}
