package dev.operator.dli.connection;

import dev.operator.dli.client.DliClient;

/** One connection to DLI: calls go through its scheduler, statuses come from its sweep. */
public record Connection(DliClient client, ConnectionScheduler scheduler, StatusSweep sweep)
    implements AutoCloseable {
  @Override
  public void close() {
    sweep.close();
    scheduler.close();
    client.close();
  }
}
