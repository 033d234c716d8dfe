package dev.operator.dli.connection;

import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
import dev.operator.dli.client.wire.FlinkJob;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.SqlJobPage;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.JobKind;
import dev.operator.dli.service.Observations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The status sweep's DLI calls, each through the connection's scheduler as the least urgent kind:
 * DLI's lists of jobs, page after page, and one job's read. What the sweep makes of them is {@link
 * StatusSweep}'s. A call fails with a DliException only.
 */
final class StatusReads {
  static final List<String> SQL_ACTIVE = List.of("LAUNCHING", "RUNNING", "SCALING");
  static final List<String> SPARK_ACTIVE = List.of("starting", "running", "recovering");

  /**
   * What a listing found so far, and what it cost; incomplete when it gave way to cancels, so that
   * a job it did not see may still be running. Filled by one call's answer after another. A sweep's
   * listing gives way; a check for the outcomes of those cancels does not.
   */
  static final class Listing {
    private final Map<String, DliObservation> jobs = new HashMap<>();
    private final boolean givesWay;
    private int calls;
    private boolean complete = true;
    private boolean gaveWay;

    Listing(boolean givesWay) {
      this.givesWay = givesWay;
    }

    Map<String, DliObservation> jobs() {
      return jobs;
    }

    /** The calls it made. */
    int calls() {
      return calls;
    }

    /** Whether it saw every job of its kind and status: a job it did not see has left them. */
    boolean complete() {
      return complete;
    }

    boolean gaveWay() {
      return gaveWay;
    }

    /** Whether to stop here, before the next page, for the cancels waiting. */
    private boolean yieldsTo(ConnectionScheduler scheduler) {
      if (givesWay && scheduler.cancelsWaiting()) {
        complete = false;
        gaveWay = true;
      }
      return !complete;
    }
  }

  private final DliClient client;
  private final ConnectionScheduler scheduler;

  StatusReads(DliClient client, ConnectionScheduler scheduler) {
    this.client = client;
    this.scheduler = scheduler;
  }

  /** The SQL jobs in each active status. */
  CompletableFuture<Listing> activeSql(Listing listing) {
    return listSql(listing, 0, 1, 0);
  }

  /** The Spark batches in each active state. */
  CompletableFuture<Listing> activeSpark(Listing listing) {
    return listSpark(listing, 0, 0);
  }

  /** The Flink jobs in one status, in at most {@code maxCalls} pages after the first. */
  CompletableFuture<Listing> flink(Listing listing, String status, int maxCalls) {
    return listFlink(listing, status, 0, maxCalls);
  }

  /** One page of DLI's SQL jobs. */
  CompletableFuture<SqlJobPage> sqlJobs(ListSqlJobsQuery query) {
    return call(() -> client.listSqlJobs(query));
  }

  /**
   * Pages of DLI's Flink jobs in one status; after the first, only while all of them take at most
   * {@code maxCalls} (the first page's total says how many there are), so that a project with many
   * more such Flink jobs than the operator follows costs one page more than the reads, no more.
   */
  private CompletableFuture<Listing> listFlink(
      Listing listing, String status, int offset, int maxCalls) {
    if (listing.yieldsTo(scheduler)) {
      return CompletableFuture.completedFuture(listing);
    }
    return call(() -> client.listFlinkJobs(Map.of("status", status), offset))
        .thenCompose(
            page -> {
              listing.calls++;
              for (FlinkJob job : page.jobsOrEmpty()) {
                if (job.jobId() != null) {
                  listing.jobs.put(Long.toString(job.jobId()), Observations.of(job));
                }
              }
              int next = offset + page.jobsOrEmpty().size();
              long total = page.totalCount() == null ? next : page.totalCount();
              if (page.jobsOrEmpty().isEmpty() || next >= total) {
                return CompletableFuture.completedFuture(listing);
              }
              if (SweepPlan.listCalls((int) Math.min(total, Integer.MAX_VALUE), 1) > maxCalls) {
                listing.complete = false; // the rest are read one by one
                return CompletableFuture.completedFuture(listing);
              }
              return listFlink(listing, status, next, maxCalls);
            });
  }

  /** The SQL jobs of each active status from {@code status} on, page after page. */
  private CompletableFuture<Listing> listSql(Listing listing, int status, int page, int seen) {
    if (status == SQL_ACTIVE.size()) {
      return CompletableFuture.completedFuture(listing);
    }
    if (listing.yieldsTo(scheduler)) {
      return CompletableFuture.completedFuture(listing);
    }
    ListSqlJobsQuery query =
        ListSqlJobsQuery.create()
            .jobStatus(SQL_ACTIVE.get(status))
            .pageSize(SweepPlan.PAGE_SIZE)
            .currentPage(page);
    return call(() -> client.listSqlJobs(query))
        .thenCompose(
            result -> {
              listing.calls++;
              for (SqlJob job : result.jobsOrEmpty()) {
                listing.jobs.put(job.jobId(), Observations.of(job));
              }
              int seenNow = seen + result.jobsOrEmpty().size();
              int total = result.jobCount() == null ? seenNow : result.jobCount();
              return result.jobsOrEmpty().isEmpty() || seenNow >= total
                  ? listSql(listing, status + 1, 1, 0)
                  : listSql(listing, status, page + 1, seenNow);
            });
  }

  /** The Spark batches of each active state from {@code state} on, page after page. */
  private CompletableFuture<Listing> listSpark(Listing listing, int state, int from) {
    if (state == SPARK_ACTIVE.size()) {
      return CompletableFuture.completedFuture(listing);
    }
    if (listing.yieldsTo(scheduler)) {
      return CompletableFuture.completedFuture(listing);
    }
    return call(() -> client.listSparkBatches(Map.of("state", SPARK_ACTIVE.get(state)), from))
        .thenCompose(
            page -> {
              listing.calls++;
              for (SparkBatch batch : page.sessionsOrEmpty()) {
                listing.jobs.put(batch.id(), Observations.of(batch));
              }
              int fromNow = from + page.sessionsOrEmpty().size();
              int total = page.total() == null ? fromNow : page.total();
              return page.sessionsOrEmpty().isEmpty() || fromNow >= total
                  ? listSpark(listing, state + 1, 0)
                  : listSpark(listing, state, fromNow);
            });
  }

  /** One job's status; a failure is an observation too (Unreadable). */
  CompletableFuture<DliObservation> read(String jobId, JobKind kind) {
    CompletableFuture<DliObservation> seen =
        switch (kind) {
          case SPARK -> call(() -> client.sparkBatch(jobId)).thenApply(Observations::of);
          case FLINK ->
              call(() -> client.flinkJob(Long.parseLong(jobId))).thenApply(Observations::of);
          case SQL -> call(() -> client.sqlJobStatus(jobId)).thenApply(Observations::of);
        };
    return seen.exceptionally(e -> Observations.of(asDli(e)));
  }

  /** A read through the scheduler; it fails with a DliException only. */
  private <T> CompletableFuture<T> call(Supplier<T> read) {
    return scheduler
        .schedule(ConnectionScheduler.Priority.READ, read)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(asDli(e)));
  }

  private static DliException asDli(Throwable e) {
    Throwable cause = causeOf(e);
    return cause instanceof DliException dli
        ? dli
        : new DliException(
            ErrorClass.TRANSIENT, 0, null, "the status read did not run: " + cause, null, cause);
  }

  static Throwable causeOf(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
