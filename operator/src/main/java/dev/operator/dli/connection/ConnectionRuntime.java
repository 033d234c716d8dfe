package dev.operator.dli.connection;

import dev.operator.dli.client.CallListener;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliConnection;
import dev.operator.dli.client.HttpPools;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What every connection shares, once per operator: the call dispatcher with its workers (the
 * sweeps' timers too) and one HTTP client's pools. A connection is data on them, its client, its
 * queue and its sweep; closing it leaves them to the others.
 */
final class ConnectionRuntime implements AutoCloseable {
  private final ConnectionSettings settings;
  private final CallDispatcher dispatcher;
  private final HttpPools http;

  ConnectionRuntime(ConnectionSettings settings) {
    this.settings = settings;
    this.dispatcher = new CallDispatcher(settings.callThreads());
    this.http = new HttpPools(settings.callThreads()); // an idle socket for each worker
  }

  /**
   * @param listener told of every HTTP exchange of the connection
   * @param wake tells JOSDK that a DliJob has something new to look at
   */
  Connection open(DliConnection dli, CallListener listener, Consumer<ResourceID> wake) {
    ConnectionHealth health = new ConnectionHealth(Clock.systemUTC());
    CallListener both =
        (method, status, took) -> {
          listener.exchanged(method, status, took);
          health.exchanged(status);
        };
    DliClient client = new DliClient(dli, Clock.systemUTC(), both, http);
    ConnectionScheduler scheduler =
        new ConnectionScheduler(client.budget(), settings.callsAtOnce(), dispatcher);
    StatusSweep sweep =
        new StatusSweep(client, scheduler, settings.sweepInterval(), wake, dispatcher);
    return new Connection(client, scheduler, sweep, health);
  }

  @Override
  public void close() {
    dispatcher.close();
    http.close();
  }
}
