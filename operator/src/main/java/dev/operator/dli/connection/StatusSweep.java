package dev.operator.dli.connection;

import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SqlJob;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's status reads: on a timer of the shared {@link CallDispatcher}, a sweep reads the
 * status of every job the operator follows on the connection, from DLI's list APIs in pages or one
 * by one, whichever costs fewer calls ({@link SweepPlan}), and wakes only the DliJobs whose DLI
 * status changed. Its calls ({@link StatusReads}) go through the connection's scheduler as the
 * least urgent ones; the sweep is a chain of their answers, so that it holds no thread while it
 * waits for them.
 *
 * <p>A SQL job missing from the lists of running jobs has ended (or is too new to be listed); its
 * end is found in the list of all jobs started since it started, oldest first, as long as that
 * costs fewer calls than reading each such job on its own, and read on its own otherwise. Jobs
 * whose cancel DLI accepted are looked for that way between sweeps too, so that a cancel's outcome
 * shows soon; Flink jobs whose stop DLI accepted, in the list of stopped Flink jobs. While submits
 * hold the budget and a sweep is slow, probes of the jobs that ended lately join it. A job that
 * ended is never read again.
 */
public final class StatusSweep implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusSweep.class);
  private static final List<String> SQL_ENDED = List.of("FINISHED", "FAILED");

  private static final String FLINK_RUNNING = "job_running";
  private static final String FLINK_STOPPED = "job_cancel_success";
  private static final Duration QUICK_CHECK = Duration.ofMillis(500);
  private static final CompletableFuture<Integer> NO_CALLS = CompletableFuture.completedFuture(0);

  /** A job being followed, and the DliJob to wake when its status changes. */
  private record Tracked(ResourceID resource, JobKind kind) {}

  private final DliClient client;
  private final ConnectionScheduler scheduler;
  private final StatusReads reads;
  private final Consumer<ResourceID> wake;
  private final Duration interval;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, DliObservation> latest = new ConcurrentHashMap<>();
  private final Set<String> endExpected = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> droppedAt = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> ticks;

  /** The checks and the sweep under way, or done: the timer's own. */
  private CompletableFuture<Void> round = CompletableFuture.completedFuture(null);

  /** The probe for ends under way, or done: the timer's own. */
  private CompletableFuture<Void> probe = CompletableFuture.completedFuture(null);

  /** When the sweep under way started (nanoTime), or 0 when none is. */
  private volatile long sweepingSince;

  private long nextProbe; // the timer's own

  private volatile long nextSweep; // nanoTime
  private volatile long nextCheck;

  /** When the reads now under way started: what they see of a job dropped since is stale. */
  private volatile long readsSince;

  /**
   * @param interval the pause between sweeps, stretched when they would spend more than half the
   *     budget
   * @param wake tells JOSDK that a DliJob has something new to look at
   * @param dispatcher whose thread runs the sweep's timer
   */
  StatusSweep(
      DliClient client,
      ConnectionScheduler scheduler,
      Duration interval,
      Consumer<ResourceID> wake,
      CallDispatcher dispatcher) {
    this.client = client;
    this.scheduler = scheduler;
    this.reads = new StatusReads(client, scheduler);
    this.interval = interval;
    this.wake = wake;
    Duration tick = interval.compareTo(QUICK_CHECK) < 0 ? interval : QUICK_CHECK;
    this.ticks = dispatcher.every(tick, this::tick);
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

  /**
   * On the dispatcher thread: starts the checks and the sweep that are due, unless the last ones
   * still wait for answers. Never waits itself.
   */
  private void tick() {
    if (!round.isDone()) {
      probeIfSlow(System.nanoTime());
      return;
    }
    try {
      long now = System.nanoTime();
      CompletableFuture<Integer> checks = NO_CALLS;
      if (now >= nextCheck && !endExpected.isEmpty()) {
        checks =
            checkExpectedEnds()
                .thenApply(
                    calls -> {
                      // Checks between sweeps take at most a quarter of the budget.
                      nextCheck = now + (long) (calls / (client.budget().rate() / 4) * 1e9);
                      return calls;
                    });
      }
      round =
          checks
              .thenCompose(
                  done -> {
                    if (now < nextSweep || scheduler.cancelsWaiting()) {
                      // While cancels wait, the reads they leave go to the checks for their ends.
                      return CompletableFuture.completedFuture(null);
                    }
                    return sweep()
                        .thenAccept(
                            calls -> {
                              Duration pause =
                                  SweepPlan.pause(interval, calls, client.budget().rate());
                              // From the sweep's start: its own length counts.
                              nextSweep = now + pause.toNanos();
                            });
                  })
              .exceptionally(
                  e -> {
                    log.warn(
                        "a status sweep failed; the next one comes as usual: {}",
                        StatusReads.causeOf(e).toString());
                    return null;
                  });
    } catch (RuntimeException e) {
      log.warn("a status sweep failed; the next one comes as usual: {}", e.toString());
    }
  }

  /** Looks for the ends of jobs whose cancel DLI accepted; answers the calls it made. */
  private CompletableFuture<Integer> checkExpectedEnds() {
    readsSince = System.nanoTime();
    Map<String, Tracked> sql = new HashMap<>();
    Map<String, Tracked> flink = new HashMap<>();
    for (String id : endExpected) {
      Tracked t = tracked.get(id);
      if (t != null && t.kind() == JobKind.SQL && startOf(id) != null) {
        sql.put(id, t);
      } else if (t != null && t.kind() == JobKind.FLINK) {
        flink.put(id, t);
      }
    }
    endExpected.removeIf(id -> !sql.containsKey(id) && !flink.containsKey(id));
    CompletableFuture<Integer> sqlCalls =
        sql.isEmpty() ? NO_CALLS : findEnds(sql, Math.max(1, sql.size() - 1));
    return sqlCalls.thenCompose(calls -> findStops(flink).thenApply(more -> calls + more));
  }

  /**
   * Looks for Flink jobs whose stop DLI accepted in the list of stopped Flink jobs (newest first:
   * the project's older stopped jobs come after them), when that costs fewer calls than reading
   * each; those not there yet (still stopping, or the stop failed) are left to the next check and
   * to the sweep. Answers the calls made.
   */
  private CompletableFuture<Integer> findStops(Map<String, Tracked> stopping) {
    if (stopping.isEmpty()) {
      return NO_CALLS;
    }
    if (!SweepPlan.listsAreCheaper(stopping.size(), 1)) {
      return readEach(stopping).thenApply(done -> stopping.size());
    }
    StatusReads.Listing listing = new StatusReads.Listing(false);
    return reads
        .flink(listing, FLINK_STOPPED, stopping.size() - 1)
        .thenApply(
            listed -> {
              recordSeen(listed, stopping);
              return listed.calls();
            });
  }

  /**
   * One sweep over every followed job; answers how many of its calls come back every sweep: the
   * lists, or the reads one by one. Finding the end of jobs that left the lists is not counted: it
   * is not repeated, and as the least urgent call it only takes what cancels and submits leave.
   */
  CompletableFuture<Integer> sweep() {
    readsSince = System.nanoTime();
    sweepingSince = readsSince;
    Map<String, Tracked> now = Map.copyOf(tracked);
    CompletableFuture<Integer> calls = NO_CALLS;
    for (JobKind kind : JobKind.values()) {
      calls = calls.thenCompose(sum -> sweep(kind, now).thenApply(more -> sum + more));
    }
    return calls.whenComplete((sum, e) -> sweepingSince = 0);
  }

  /**
   * Starts a probe for ends when the sweep under way has taken longer than its interval while
   * submits wait, and no probe is under way: then the reads get a tenth of the budget, and a sweep
   * over a thousand running SQL jobs, a dozen pages, takes a dozen seconds. Not while cancels wait:
   * the reads they leave go to the checks for their ends.
   */
  private void probeIfSlow(long now) {
    long since = sweepingSince;
    if (since == 0
        || now - since < interval.toNanos()
        || !scheduler.submitsWaiting()
        || now < nextProbe
        || !probe.isDone()) {
      return;
    }
    nextProbe = now + interval.toNanos();
    probe =
        probeEnds()
            .exceptionally(
                e -> {
                  log.debug("a probe for ended jobs failed: {}", StatusReads.causeOf(e).toString());
                  return null;
                });
  }

  /**
   * Looks for followed SQL jobs among DLI's finished and failed jobs started since the oldest of
   * them, newest first, one page of each (more while a full page still had news): the jobs of a
   * burst end in about the order they started, so the ones that ended lately are on the first page.
   * Whatever it misses (a long job that ends among many short ones, a cancel from elsewhere) the
   * sweep finds, later. Only when the sweep lists the SQL jobs: two pages cost more than a few
   * reads.
   */
  CompletableFuture<Void> probeEnds() {
    Map<String, Tracked> sql = new HashMap<>();
    tracked.forEach(
        (id, t) -> {
          if (t.kind() == JobKind.SQL && startOf(id) != null) {
            sql.put(id, t);
          }
        });
    if (!SweepPlan.listsAreCheaper(sql.size(), StatusReads.SQL_ACTIVE.size())) {
      return CompletableFuture.completedFuture(null);
    }
    long since = sql.keySet().stream().mapToLong(this::startOf).min().orElseThrow();
    return CompletableFuture.allOf(
        SQL_ENDED.stream()
            .map(status -> probeEnds(status, since, 1, sql))
            .toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> probeEnds(
      String status, long since, int page, Map<String, Tracked> sql) {
    ListSqlJobsQuery query =
        ListSqlJobsQuery.create()
            .jobStatus(status)
            .start(since)
            .order("start_time_desc")
            .pageSize(SweepPlan.PAGE_SIZE)
            .currentPage(page);
    return reads
        .sqlJobs(query)
        .thenCompose(
            result -> {
              boolean news = false;
              for (SqlJob job : result.jobsOrEmpty()) {
                Tracked t = sql.get(job.jobId());
                if (t != null && tracked.containsKey(job.jobId())) {
                  record(job.jobId(), Observations.of(job), t);
                  news = true;
                }
              }
              return news && result.jobsOrEmpty().size() == SweepPlan.PAGE_SIZE
                  ? probeEnds(status, since, page + 1, sql)
                  : CompletableFuture.<Void>completedFuture(null);
            });
  }

  private CompletableFuture<Integer> sweep(JobKind kind, Map<String, Tracked> now) {
    Map<String, Tracked> unseen = new HashMap<>();
    now.forEach(
        (id, t) -> {
          if (t.kind() == kind) {
            unseen.put(id, t);
          }
        });
    if (kind == JobKind.FLINK) {
      return sweepFlink(unseen);
    }
    List<String> statuses =
        kind == JobKind.SPARK ? StatusReads.SPARK_ACTIVE : StatusReads.SQL_ACTIVE;
    if (!SweepPlan.listsAreCheaper(unseen.size(), statuses.size())) {
      return readEach(unseen).thenApply(done -> unseen.size());
    }
    StatusReads.Listing listing = new StatusReads.Listing(true);
    return (kind == JobKind.SPARK ? reads.activeSpark(listing) : reads.activeSql(listing))
        .thenCompose(
            listed -> {
              recordSeen(listed, unseen);
              return listed.complete()
                  ? settleDeparted(unseen)
                  : CompletableFuture.<Void>completedFuture(null);
            })
        .thenApply(done -> listing.calls())
        .exceptionallyCompose(
            e -> {
              if (!(StatusReads.causeOf(e) instanceof DliException cannot)) {
                return CompletableFuture.failedFuture(e);
              }
              log.debug("cannot list the jobs, reading them one by one: {}", cannot.getMessage());
              return readEach(unseen).thenApply(done -> listing.calls() + unseen.size());
            });
  }

  /**
   * Flink jobs last seen running are read from DLI's list of running jobs, matched by job ID (the
   * list shows no tags, and its filter takes one status), when that costs fewer calls than a read
   * each; the few in other states, and those that left the list, are read one by one. The list
   * holds every running Flink job of the project, the operator's or not: when its pages would cost
   * more than the reads, the reads are made instead.
   */
  private CompletableFuture<Integer> sweepFlink(Map<String, Tracked> unseen) {
    Map<String, Tracked> running = new HashMap<>();
    Map<String, Tracked> others = new HashMap<>();
    unseen.forEach((id, t) -> (seenRunning(id) ? running : others).put(id, t));
    if (!SweepPlan.listsAreCheaper(running.size(), 1)) {
      return readEach(unseen).thenApply(done -> unseen.size());
    }
    StatusReads.Listing listing = new StatusReads.Listing(true);
    return reads
        .flink(listing, FLINK_RUNNING, running.size() - 1)
        .thenCompose(
            listed -> {
              recordSeen(listed, running);
              if (listed.gaveWay()) {
                // Cancels wait: reading every job the list did not reach, one by one, would hold
                // the round, and with it the checks for those cancels' outcomes. Next sweep.
                return CompletableFuture.completedFuture(listing.calls());
              }
              others.putAll(running); // left the list (ended, stopping), or not listed
              return readEach(others).thenApply(done -> listing.calls() + others.size());
            })
        .exceptionallyCompose(
            e -> {
              if (!(StatusReads.causeOf(e) instanceof DliException cannot)) {
                return CompletableFuture.failedFuture(e);
              }
              log.debug(
                  "cannot list the Flink jobs, reading them one by one: {}", cannot.getMessage());
              return readEach(unseen).thenApply(done -> listing.calls() + unseen.size());
            });
  }

  private boolean seenRunning(String jobId) {
    return latest.get(jobId) instanceof DliObservation.Seen seen
        && FLINK_RUNNING.equals(seen.job().status());
  }

  /** Reads each job on its own, all queued at once, and records what DLI says. */
  private CompletableFuture<Void> readEach(Map<String, Tracked> jobs) {
    return CompletableFuture.allOf(
        jobs.entrySet().stream()
            .map(
                job ->
                    reads
                        .read(job.getKey(), job.getValue().kind())
                        .thenAccept(seen -> record(job.getKey(), seen, job.getValue())))
            .toArray(CompletableFuture[]::new));
  }

  /**
   * Finds how jobs missing from the lists of running jobs ended: SQL jobs DLI has seen start are
   * looked for in the list of jobs started since, while that costs fewer calls than one read each;
   * the rest are read one by one.
   */
  private CompletableFuture<Void> settleDeparted(Map<String, Tracked> departed) {
    Map<String, Tracked> searchable = new HashMap<>();
    departed.forEach(
        (id, t) -> {
          if (t.kind() == JobKind.SQL && startOf(id) != null && tracked.containsKey(id)) {
            searchable.put(id, t); // not ended meanwhile (a probe may have found it)
          }
        });
    CompletableFuture<Integer> found =
        searchable.size() > 1 ? findEnds(searchable, searchable.size() - 1) : NO_CALLS;
    return found.thenCompose(
        calls -> {
          Map<String, Tracked> unsettled = new HashMap<>();
          departed.forEach(
              (id, t) -> {
                if (tracked.containsKey(id)) {
                  unsettled.put(id, t);
                }
              });
          return readEach(unsettled);
        });
  }

  /**
   * Looks for these SQL jobs among all jobs started since the earliest of them, oldest first, in at
   * most {@code maxCalls} pages, and records what it finds; those that ended are on the first
   * pages. Answers the calls made.
   */
  private CompletableFuture<Integer> findEnds(Map<String, Tracked> jobs, int maxCalls) {
    Map<String, Tracked> missing = new HashMap<>(jobs);
    long since = missing.keySet().stream().mapToLong(this::startOf).min().orElseThrow();
    return findEnds(missing, since, 1, maxCalls);
  }

  private CompletableFuture<Integer> findEnds(
      Map<String, Tracked> missing, long since, int page, int callsLeft) {
    if (callsLeft <= 0 || missing.isEmpty()) {
      return NO_CALLS;
    }
    ListSqlJobsQuery query =
        ListSqlJobsQuery.create()
            .start(since)
            .order("start_time_asc")
            .pageSize(SweepPlan.PAGE_SIZE)
            .currentPage(page);
    return reads
        .sqlJobs(query)
        .thenCompose(
            result -> {
              for (SqlJob job : result.jobsOrEmpty()) {
                Tracked t = missing.remove(job.jobId());
                if (t != null) {
                  record(job.jobId(), Observations.of(job), t);
                }
              }
              boolean lastPage = result.jobsOrEmpty().size() < SweepPlan.PAGE_SIZE;
              return (lastPage ? NO_CALLS : findEnds(missing, since, page + 1, callsLeft - 1))
                  .thenApply(calls -> calls + 1);
            });
  }

  /** When the job started, as DLI last said, or null when it has not said. */
  private Long startOf(String jobId) {
    return latest.get(jobId) instanceof DliObservation.Seen seen ? seen.job().startMillis() : null;
  }

  /** Records what a listing saw of these jobs and takes them out: the rest it did not see. */
  private void recordSeen(StatusReads.Listing listed, Map<String, Tracked> jobs) {
    listed
        .jobs()
        .forEach(
            (id, seen) -> {
              Tracked t = jobs.remove(id);
              if (t != null) {
                record(id, seen, t);
              }
            });
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
    ticks.cancel(false);
  }
}
