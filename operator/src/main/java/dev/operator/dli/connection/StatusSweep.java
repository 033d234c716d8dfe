package dev.operator.dli.connection;

import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SparkBatchPage;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.SqlJobPage;
import dev.operator.dli.lifecycle.CallFailure;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.DliStatuses;
import dev.operator.dli.lifecycle.JobKind;
import dev.operator.dli.service.Observations;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.HashMap;
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
 * operator follows on the connection, from DLI's list APIs in pages or one by one, whichever costs
 * fewer calls ({@link SweepPlan}), and wakes only the DliJobs whose DLI status changed. Its calls
 * go through the connection's scheduler as the least urgent ones.
 *
 * <p>A SQL job missing from the lists of running jobs has ended (or is too new to be listed); its
 * end is found in the list of all jobs started since it started, oldest first, as long as that
 * costs fewer calls than reading each such job on its own, and read on its own otherwise. Jobs
 * whose cancel DLI accepted are looked for that way between sweeps too, so that a cancel's outcome
 * shows soon. A job that ended is never read again.
 */
public final class StatusSweep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusSweep.class);
  private static final List<String> SQL_ACTIVE = List.of("LAUNCHING", "RUNNING", "SCALING");

  private static final List<String> SPARK_ACTIVE = List.of("starting", "running", "recovering");
  private static final Duration QUICK_CHECK = Duration.ofMillis(500);

  /** A job being followed, and the DliJob to wake when its status changes. */
  private record Tracked(ResourceID resource, JobKind kind) {}

  /**
   * What a listing found, and what it cost; incomplete when it gave way to cancels, so that a job
   * it did not see may still be running.
   */
  private record Listing(Map<String, DliObservation> jobs, int calls, boolean complete) {}

  private final DliClient client;
  private final ConnectionScheduler scheduler;
  private final Consumer<ResourceID> wake;
  private final Duration interval;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, DliObservation> latest = new ConcurrentHashMap<>();
  private final Set<String> endExpected = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService thread;
  private final Map<String, Long> droppedAt = new ConcurrentHashMap<>();
  private long nextSweep; // nanoTime; this and the next two: the sweep thread's own
  private long nextCheck;

  /** When the reads now under way started: what they see of a job dropped since is stale. */
  private long readsSince;

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
    long tick = Math.min(interval.toMillis(), QUICK_CHECK.toMillis());
    thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Follows the job until it ends; the DliJob is woken with its first status. */
  public void track(String jobId, JobKind kind, ResourceID resource) {
    tracked.putIfAbsent(jobId, new Tracked(resource, kind));
  }

  /** DLI accepted a cancel of the job: look for its end between sweeps too. */
  public void expectEnd(String jobId) {
    if (tracked.containsKey(jobId)) {
      endExpected.add(jobId);
    }
  }

  /** What the last sweep saw of the job, if it saw it. */
  public Optional<DliObservation> latest(String jobId) {
    return Optional.ofNullable(latest.get(jobId));
  }

  /**
   * Drops what the sweep last saw of the job (still followed): after a stop DLI accepted, an older
   * word such as job_cancel_fail must not be taken for the stop's outcome.
   */
  public void forgetLatest(String jobId) {
    droppedAt.put(jobId, System.nanoTime());
    latest.remove(jobId);
  }

  /** The DliJob is done with the job. */
  public void forget(String jobId) {
    tracked.remove(jobId);
    latest.remove(jobId);
    endExpected.remove(jobId);
    droppedAt.remove(jobId);
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      if (now >= nextCheck && !endExpected.isEmpty()) {
        int calls = checkExpectedEnds();
        // Checks between sweeps take at most a quarter of the budget.
        nextCheck = now + (long) (calls / (client.budget().rate() / 4) * 1e9);
      }
      if (now >= nextSweep && !scheduler.cancelsWaiting()) {
        // While cancels wait, the reads they leave go to the checks for their ends instead.
        int calls = sweep();
        Duration pause = SweepPlan.pause(interval, calls, client.budget().rate());
        nextSweep = now + pause.toNanos(); // from the sweep's start: its own length counts
      }
    } catch (RuntimeException e) {
      log.warn("a status sweep failed; the next one comes as usual: {}", e.toString());
    }
  }

  /** Looks for the ends of jobs whose cancel DLI accepted; returns the calls it made. */
  private int checkExpectedEnds() {
    readsSince = System.nanoTime();
    Map<String, Tracked> expected = new HashMap<>();
    for (String id : endExpected) {
      Tracked t = tracked.get(id);
      if (t != null && t.kind() == JobKind.SQL && startOf(id) != null) {
        expected.put(id, t);
      }
    }
    endExpected.retainAll(expected.keySet());
    if (expected.isEmpty()) {
      return 0;
    }
    return findEnds(expected, Math.max(1, expected.size() - 1));
  }

  /**
   * One sweep over every followed job; returns how many of its calls come back every sweep: the
   * lists, or the reads one by one. Finding the end of jobs that left the lists is not counted: it
   * is not repeated, and as the least urgent call it only takes what cancels and submits leave.
   */
  int sweep() {
    readsSince = System.nanoTime();
    Map<String, Tracked> now = Map.copyOf(tracked);
    int calls = 0;
    for (JobKind kind : JobKind.values()) {
      Map<String, Tracked> unseen = new HashMap<>();
      now.forEach(
          (id, t) -> {
            if (t.kind() == kind) {
              unseen.put(id, t);
            }
          });
      // Flink jobs are read one by one: DLI's list shows no tags and filters one status at a time.
      List<String> statuses = kind == JobKind.SPARK ? SPARK_ACTIVE : SQL_ACTIVE;
      if (kind == JobKind.FLINK || !SweepPlan.listsAreCheaper(unseen.size(), statuses.size())) {
        unseen.forEach((id, t) -> record(id, read(id, kind), t));
        calls += unseen.size();
        continue;
      }
      try {
        Listing listing = kind == JobKind.SPARK ? listSpark() : listSql();
        calls += listing.calls();
        listing
            .jobs()
            .forEach(
                (id, seen) -> {
                  Tracked t = unseen.remove(id);
                  if (t != null) {
                    record(id, seen, t);
                  }
                });
        if (listing.complete()) {
          settleDeparted(unseen);
        }
      } catch (DliException e) {
        calls += unseen.size();
        log.debug("cannot list the jobs, reading them one by one: {}", e.getMessage());
        unseen.forEach((id, t) -> record(id, read(id, kind), t));
      }
    }
    return calls;
  }

  /**
   * Finds how jobs missing from the lists of running jobs ended: SQL jobs DLI has seen start are
   * looked for in the list of jobs started since, while that costs fewer calls than one read each;
   * the rest are read one by one.
   */
  private void settleDeparted(Map<String, Tracked> departed) {
    Map<String, Tracked> searchable = new HashMap<>();
    departed.forEach(
        (id, t) -> {
          if (t.kind() == JobKind.SQL && startOf(id) != null) {
            searchable.put(id, t);
          }
        });
    if (searchable.size() > 1) {
      findEnds(searchable, searchable.size() - 1);
    }
    departed.forEach(
        (id, t) -> {
          if (tracked.containsKey(id)) {
            record(id, read(id, t.kind()), t);
          }
        });
  }

  /**
   * Looks for these SQL jobs among all jobs started since the earliest of them, oldest first, in at
   * most {@code maxCalls} pages, and records what it finds; those that ended are on the first
   * pages. Returns the calls made.
   */
  private int findEnds(Map<String, Tracked> jobs, int maxCalls) {
    Map<String, Tracked> missing = new HashMap<>(jobs);
    long since = missing.keySet().stream().mapToLong(this::startOf).min().orElseThrow();
    int calls = 0;
    for (int page = 1; calls < maxCalls && !missing.isEmpty(); page++) {
      ListSqlJobsQuery query =
          ListSqlJobsQuery.create()
              .start(since)
              .order("start_time_asc")
              .pageSize(SweepPlan.PAGE_SIZE)
              .currentPage(page);
      SqlJobPage result = call(() -> client.listSqlJobs(query));
      calls++;
      for (SqlJob job : result.jobsOrEmpty()) {
        Tracked t = missing.remove(job.jobId());
        if (t != null) {
          record(job.jobId(), Observations.of(job), t);
        }
      }
      if (result.jobsOrEmpty().size() < SweepPlan.PAGE_SIZE) {
        break;
      }
    }
    return calls;
  }

  /** When the job started, as DLI last said, or null when it has not said. */
  private Long startOf(String jobId) {
    return latest.get(jobId) instanceof DliObservation.Seen seen ? seen.job().startMillis() : null;
  }

  private Listing listSql() {
    Map<String, DliObservation> jobs = new HashMap<>();
    int calls = 0;
    for (String status : SQL_ACTIVE) {
      for (int page = 1, seen = 0; ; page++) {
        if (scheduler.cancelsWaiting()) {
          return new Listing(jobs, calls, false);
        }
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
    return new Listing(jobs, calls, true);
  }

  private Listing listSpark() {
    Map<String, DliObservation> jobs = new HashMap<>();
    int calls = 0;
    for (String state : SPARK_ACTIVE) {
      for (int from = 0; ; ) {
        if (scheduler.cancelsWaiting()) {
          return new Listing(jobs, calls, false);
        }
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
    return new Listing(jobs, calls, true);
  }

  private DliObservation read(String jobId, JobKind kind) {
    try {
      return switch (kind) {
        case SPARK -> Observations.of(call(() -> client.sparkBatch(jobId)));
        case FLINK -> Observations.of(call(() -> client.flinkJob(Long.parseLong(jobId))));
        case SQL -> Observations.of(call(() -> client.sqlJobStatus(jobId)));
      };
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
    if (observation instanceof DliObservation.Unreadable unreadable
        && unreadable.failure().cause() == CallFailure.Cause.TRANSIENT) {
      return; // nothing learned: keep the last word and try again next sweep
    }
    if (!tracked.containsKey(jobId)) {
      return; // forgotten meanwhile
    }
    Long dropped = droppedAt.get(jobId);
    if (dropped != null && dropped - readsSince > 0) {
      return; // read before a stop DLI accepted: says nothing of the stop
    }
    DliObservation previous = latest.put(jobId, observation);
    if (!sameWord(previous, observation)) {
      wake.accept(job.resource());
    }
    if (DliStatuses.isFinal(observation)) {
      tracked.remove(jobId);
      endExpected.remove(jobId);
    }
  }

  private static boolean sameWord(DliObservation a, DliObservation b) {
    if (a instanceof DliObservation.Seen x && b instanceof DliObservation.Seen y) {
      return Objects.equals(x.job().status(), y.job().status());
    }
    return a != null && b != null && a.getClass() == b.getClass();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
