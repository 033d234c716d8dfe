package dev.operator.dli.connection;

import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One connection to DLI: calls go through its scheduler, statuses come from its sweep, and its
 * health from its own traffic.
 */
public record Connection(
    DliClient client, ConnectionScheduler scheduler, StatusSweep sweep, ConnectionHealth health)
    implements AutoCloseable {

  /**
   * Checks the credentials with the cheapest authenticated read (one page of one SQL job), one
   * permit at read priority; the verdict goes to {@link #health()}.
   */
  public CompletableFuture<Void> checkCredentials() {
    return scheduler
        .schedule(
            ConnectionScheduler.Priority.READ,
            () -> client.listSqlJobs(ListSqlJobsQuery.create().pageSize(1).currentPage(1)))
        .handle(
            (page, failure) -> {
              health.checked(
                  failure == null ? new ConnectionHealth.Verdict.Accepted() : verdict(failure));
              return null;
            });
  }

  private static ConnectionHealth.Verdict verdict(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof DliException e && (e.httpStatus() == 401 || e.httpStatus() == 403)) {
      return new ConnectionHealth.Verdict.Refused(e.httpStatus(), e.dliMessage());
    }
    if (cause instanceof DliException e && e.httpStatus() >= 400 && e.httpStatus() < 500) {
      return new ConnectionHealth.Verdict.Accepted(); // authenticated, the read itself refused
    }
    return new ConnectionHealth.Verdict.Unreachable(
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
  }

  @Override
  public void close() {
    sweep.close();
    scheduler.close();
    client.close();
  }
}
