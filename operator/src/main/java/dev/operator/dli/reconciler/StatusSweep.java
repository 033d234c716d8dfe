package dev.operator.dli.reconciler;

import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SparkBatchPage;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.SqlJobPage;
import dev.operator.dli.lifecycle.DliObservation;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's status reads: a loop on a thread of its own reads the status of every job the
 * operator tracks on the connection, from DLI's list APIs in pages or one by one, whichever costs
 * fewer calls ({@link SweepPlan}), and wakes only the DliJobs whose DLI status changed. A job
 * missing from the lists has ended (or is too new to be listed) and is read on its own; a job that
 * ended is never read again. Its calls go through the connection's scheduler as the least urgent
 * ones.
 */
final class StatusSweep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusSweep.class);
  private static final List<String> SQL_ACTIVE = List.of("LAUNCHING", "RUNNING", "SCALING");
  private static final List<String> SPARK_ACTIVE = List.of("starting", "running", "recovering");

  /** A job being followed, and the DliJob to wake when its status changes. */
  private record Tracked(ResourceID resource, boolean spark) {}

  /** What a listing found, and what it cost. */
  private record Listing(Map<String, DliObservation> jobs, int calls) {}

  private final DliClient client;
  private final ConnectionScheduler scheduler;
  private final Consumer<ResourceID> wake;
  private final Duration interval;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, DliObservation> latest = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread;

  /**
   * @param interval the pause between sweeps, stretched when they would spend more than half the
   *     budget
   * @param wake tells JOSDK that a DliJob has something new to look at
   */
  StatusSweep(
      String name,
      DliClient client,
      ConnectionScheduler scheduler,
      Duration interval,
      Consumer<ResourceID> wake) {
    this.client = client;
    this.scheduler = scheduler;
    this.interval = interval;
    this.wake = wake;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dli-sweep " + name);
              t.setDaemon(true);
              return t;
            });
    thread.schedule(this::sweepAndPause, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Follows the job until it ends; the DliJob is woken with its first status. */
  void track(String jobId, boolean spark, ResourceID resource) {
    tracked.putIfAbsent(jobId, new Tracked(resource, spark));
  }

  /** What the last sweep saw of the job, if it saw it. */
  Optional<DliObservation> latest(String jobId) {
    return Optional.ofNullable(latest.get(jobId));
  }

  /** The DliJob is done with the job. */
  void forget(String jobId) {
    tracked.remove(jobId);
    latest.remove(jobId);
  }

  private void sweepAndPause() {
    int calls = 0;
    try {
      calls = sweep();
    } catch (RuntimeException e) {
      log.warn("a status sweep failed; the next one comes as usual: {}", e.toString());
    }
    Duration pause = SweepPlan.pause(interval, calls, client.budget().rate());
    if (!thread.isShutdown()) {
      thread.schedule(this::sweepAndPause, pause.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * One sweep over every tracked job; returns how many of its calls come back every sweep: the
   * lists, or the reads one by one. The one read of a job that left the lists is not counted: it is
   * not repeated, and as the least urgent call it only takes what cancels and submits leave.
   */
  int sweep() {
    Map<String, Tracked> now = Map.copyOf(tracked);
    int calls = 0;
    for (boolean spark : new boolean[] {false, true}) {
      Set<String> unseen = new HashSet<>();
      now.forEach(
          (id, t) -> {
            if (t.spark() == spark) {
              unseen.add(id);
            }
          });
      List<String> statuses = spark ? SPARK_ACTIVE : SQL_ACTIVE;
      boolean listed = SweepPlan.listsAreCheaper(unseen.size(), statuses.size());
      if (listed) {
        try {
          Listing listing = spark ? listSpark() : listSql();
          calls += listing.calls();
          listing
              .jobs()
              .forEach(
                  (id, seen) -> {
                    if (unseen.remove(id)) {
                      record(id, seen, now.get(id));
                    }
                  });
        } catch (DliException e) {
          calls++;
          listed = false;
          log.debug("cannot list the jobs, reading them one by one: {}", e.getMessage());
        }
      }
      for (String id : unseen) {
        record(id, read(id, spark), now.get(id));
        calls += listed ? 0 : 1;
      }
    }
    return calls;
  }

  private Listing listSql() {
    Map<String, DliObservation> jobs = new HashMap<>();
    int calls = 0;
    for (String status : SQL_ACTIVE) {
      for (int page = 1, seen = 0; ; page++) {
        ListSqlJobsQuery query =
            ListSqlJobsQuery.create()
                .jobStatus(status)
                .pageSize(SweepPlan.PAGE_SIZE)
                .currentPage(page);
        SqlJobPage result = call(() -> client.listSqlJobs(query));
        calls++;
        for (SqlJob job : result.jobsOrEmpty()) {
          jobs.put(job.jobId(), Observations.of(job));
        }
        seen += result.jobsOrEmpty().size();
        int total = result.jobCount() == null ? seen : result.jobCount();
        if (result.jobsOrEmpty().isEmpty() || seen >= total) {
          break;
        }
      }
    }
    return new Listing(jobs, calls);
  }

  private Listing listSpark() {
    Map<String, DliObservation> jobs = new HashMap<>();
    int calls = 0;
    for (String state : SPARK_ACTIVE) {
      for (int from = 0; ; ) {
        int offset = from;
        SparkBatchPage page = call(() -> client.listSparkBatches(Map.of("state", state), offset));
        calls++;
        for (SparkBatch batch : page.sessionsOrEmpty()) {
          jobs.put(batch.id(), Observations.of(batch));
        }
        from += page.sessionsOrEmpty().size();
        int total = page.total() == null ? from : page.total();
        if (page.sessionsOrEmpty().isEmpty() || from >= total) {
          break;
        }
      }
    }
    return new Listing(jobs, calls);
  }

  private DliObservation read(String jobId, boolean spark) {
    try {
      return spark
          ? Observations.of(call(() -> client.sparkBatch(jobId)))
          : Observations.of(call(() -> client.sqlJobStatus(jobId)));
    } catch (DliException e) {
      return Observations.of(e);
    }
  }

  /** A read through the scheduler, waited for on this sweep's own thread. */
  private <T> T call(Supplier<T> read) {
    try {
      return scheduler.schedule(ConnectionScheduler.Priority.READ, read).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof DliException dli) {
        throw dli;
      }
      throw new DliException(
          ErrorClass.TRANSIENT, 0, null, "the status read did not run: " + e.getCause(), null, e);
    }
  }

  /** Keeps what DLI said; wakes the DliJob when it changed; stops following a job that ended. */
  private void record(String jobId, DliObservation observation, Tracked job) {
    if (observation instanceof DliObservation.Failed failed
        && failed.kind() == DliObservation.Kind.TRANSIENT) {
      return; // nothing learned: keep the last word and try again next sweep
    }
    if (!tracked.containsKey(jobId)) {
      return; // forgotten meanwhile
    }
    DliObservation previous = latest.put(jobId, observation);
    if (!sameWord(previous, observation)) {
      wake.accept(job.resource());
    }
    if (Observations.isFinal(observation)) {
      tracked.remove(jobId);
    }
  }

  private static boolean sameWord(DliObservation a, DliObservation b) {
    if (a instanceof DliObservation.Seen x && b instanceof DliObservation.Seen y) {
      return Objects.equals(x.job().status(), y.job().status());
    }
    return a != null && b != null && a.getClass() == b.getClass();
  }

  int trackedJobs() {
    return tracked.size();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
