package dev.operator.dli.reconciler;

import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SqlJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's view of its SQL jobs that have not ended, read in pages from DLI's list API (one
 * list per non-terminal status) instead of one GET per job, once many jobs are polled on the
 * connection. A job missing from the cache has ended, or is newer than the cache: read it with a
 * GET.
 */
final class SqlJobListCache {
  private static final Logger log = LoggerFactory.getLogger(SqlJobListCache.class);
  private static final List<String> RUNNING_STATUSES = List.of("LAUNCHING", "RUNNING", "SCALING");
  private static final Duration ACTIVE_WINDOW = Duration.ofMinutes(1);

  private final DliClient client;
  private final int threshold;
  private final Duration maxAge;
  private final Clock clock;

  /**
   * Jobs polled lately, by ID, with when: their number decides whether the cache is worth its list
   * calls.
   */
  private final Map<String, Instant> polled = new ConcurrentHashMap<>();

  private Map<String, SqlJob> jobs = Map.of();
  private Instant readAt = Instant.MIN;

  /**
   * @param threshold how many jobs polled within a minute make the cache worth its list calls (0:
   *     never)
   * @param maxAge how old the cache may be before it is read again
   */
  SqlJobListCache(DliClient client, int threshold, Duration maxAge, Clock clock) {
    this.client = client;
    this.threshold = threshold;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** The job as the cache saw it, or empty: then read it on its own. */
  Optional<SqlJob> lookup(String jobId) {
    Instant now = clock.instant();
    polled.put(jobId, now);
    polled.values().removeIf(at -> at.isBefore(now.minus(ACTIVE_WINDOW)));
    if (threshold <= 0 || polled.size() < threshold) {
      return Optional.empty();
    }
    return Optional.ofNullable(current(now).get(jobId));
  }

  private synchronized Map<String, SqlJob> current(Instant now) {
    if (readAt.plus(maxAge).isBefore(now)) {
      Map<String, SqlJob> fresh = new HashMap<>();
      try {
        for (String status : RUNNING_STATUSES) {
          client
              .listAllSqlJobs(ListSqlJobsQuery.create().jobStatus(status))
              .forEach(job -> fresh.put(job.jobId(), job));
        }
      } catch (DliException e) {
        log.debug(
            "cannot read the job list, polling one by one until the next try: {}", e.getMessage());
        fresh.clear();
      }
      jobs = fresh;
      readAt = now;
    }
    return jobs;
  }
}
