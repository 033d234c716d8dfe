package dev.operator.dli.service;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.SqlJobSpec;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.SqlJobPage;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A DliJob's SQL job, tagged with its resource's UID and the attempt. */
final class SqlJobService extends JobService {
  /** How far before the recorded submission time a lookup by tag searches, for clock skew. */
  private static final Duration LOOKUP_SLACK = Duration.ofMinutes(10);

  SqlJobService(DliClient client, Clock clock, DliJob job) {
    super(client, clock, job);
  }

  @Override
  public Step<Submission> submit(int attempt) {
    SqlJobSpec sql = job.getSpec().getSql();
    List<String> conf = new ArrayList<>();
    new TreeMap<>(sql.getConf() == null ? Map.<String, String>of() : sql.getConf())
        .forEach((k, v) -> conf.add(k + "=" + v));
    return submitting(
        sentAt ->
            Step.done(
                new Submission.Submitted(
                    client
                        .submitSqlJob(
                            new SubmitSqlJobRequest(
                                sql.getStatement(),
                                sql.getDatabase(),
                                sql.getQueue(),
                                sql.getCatalog(),
                                sql.getEngineType(),
                                conf,
                                Correlation.tags(job.getSpec().getTags(), uid(), attempt)))
                        .jobId(),
                    sql.getQueue(),
                    sentAt)));
  }

  @Override
  public Step<Lookup> findSubmitted(Instant submittedAt, int attempt) {
    ListSqlJobsQuery query =
        ListSqlJobsQuery.create().tag(Correlation.TAG, uid()).order("start_time_asc");
    if (submittedAt != null) {
      query.start(submittedAt.minus(LOOKUP_SLACK).toEpochMilli());
    }
    return PagedList.read(
        offset -> {
          SqlJobPage page =
              client.listSqlJobs(
                  query
                      .copy()
                      .pageSize(PagedList.PAGE_SIZE)
                      .currentPage(offset / PagedList.PAGE_SIZE + 1));
          return new PagedList.Page<>(
              page.jobsOrEmpty(), page.jobCount() == null ? null : page.jobCount().longValue());
        },
        jobs ->
            Step.done(
                new Lookup.Looked(
                    jobs.stream()
                        .filter(found -> Correlation.isAttempt(found, uid(), attempt))
                        .min(Comparator.comparing(SqlJobService::startTime))
                        .map(SqlJob::jobId))),
        JobService::lookupFailed);
  }

  @Override
  public CancelAnswer cancel(String jobId) {
    return Observations.cancelAnswer(() -> client.cancelSqlJob(jobId));
  }

  private static long startTime(SqlJob job) {
    return job.startTime() == null ? Long.MAX_VALUE : job.startTime();
  }
}
