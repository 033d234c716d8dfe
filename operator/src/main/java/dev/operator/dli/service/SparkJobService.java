package dev.operator.dli.service;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.SparkJobSpec;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliException;
import dev.operator.dli.client.ErrorClass;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SparkBatchPage;
import dev.operator.dli.client.wire.SparkBatchRequest;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Submission;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/** A DliJob's Spark batch, named after its resource, UID and attempt (batches have no tags). */
final class SparkJobService extends JobService {
  SparkJobService(DliClient client, Clock clock, DliJob job) {
    super(client, clock, job);
  }

  @Override
  public Step<Submission> submit(int attempt) {
    SparkJobSpec batch = job.getSpec().getSpark();
    return submitting(
        sentAt -> {
          SparkBatch created =
              client.createSparkBatch(
                  new SparkBatchRequest(
                      batch.getFile(),
                      batch.getClassName(),
                      batch.getQueue(),
                      name(attempt),
                      batch.getArgs(),
                      batch.getConf()));
          if (created.id() == null || created.id().isBlank()) {
            throw new DliException(
                ErrorClass.PERMANENT,
                200,
                null,
                "DLI accepted the batch but returned no id",
                null,
                null);
          }
          return Step.done(new Submission.Submitted(created.id(), batch.getQueue(), sentAt));
        });
  }

  @Override
  public Step<Lookup> findSubmitted(Instant submittedAt, int attempt) {
    String name = name(attempt);
    return PagedList.read(
        offset -> {
          SparkBatchPage page = client.listSparkBatches(Map.of("job_name", name), offset);
          return new PagedList.Page<>(
              page.sessionsOrEmpty(), page.total() == null ? null : page.total().longValue());
        },
        batches ->
            Step.done(
                new Lookup.Looked(
                    batches.stream()
                        .filter(b -> name.equals(b.name()))
                        .min(Comparator.comparing(SparkJobService::createTime))
                        .map(SparkBatch::id))),
        JobService::lookupFailed);
  }

  @Override
  public CancelAnswer cancel(String jobId) {
    return Observations.cancelAnswer(() -> client.cancelSparkBatch(jobId));
  }

  private String name(int attempt) {
    return Correlation.batchName(job.getSpec(), job.getMetadata().getName(), uid(), attempt);
  }

  private static long createTime(SparkBatch batch) {
    return batch.createTime() == null ? Long.MAX_VALUE : batch.createTime();
  }
}
