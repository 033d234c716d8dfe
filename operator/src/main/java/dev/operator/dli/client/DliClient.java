package dev.operator.dli.client;

import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.client.wire.SparkBatch;
import dev.operator.dli.client.wire.SparkBatchPage;
import dev.operator.dli.client.wire.SparkBatchRequest;
import dev.operator.dli.client.wire.SparkBatchState;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.SqlJobDetail;
import dev.operator.dli.client.wire.SqlJobPage;
import dev.operator.dli.client.wire.StatusResponse;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.client.wire.SubmitSqlJobResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DLI REST API for SQL jobs and Spark batches. Every failure is a {@link DliException} whose
 * class says whether to retry, fix credentials, or give up. Thread-safe; close it to release
 * connections.
 */
public final class DliClient implements AutoCloseable {
  private static final int MAX_PAGE_SIZE = 100;

  private final DliConnection connection;
  private final DliHttp http;

  public DliClient(DliConnection connection) {
    this(connection, Clock.systemUTC());
  }

  public DliClient(DliConnection connection, Clock clock) {
    this(connection, clock, CallListener.NONE);
  }

  /**
   * @param listener told of every HTTP exchange, e.g. for metrics
   */
  public DliClient(DliConnection connection, Clock clock, CallListener listener) {
    this.connection = connection;
    this.http = new DliHttp(connection, clock, listener);
  }

  /**
   * This connection's request budget: its current rate, and permits for callers that pace
   * themselves.
   */
  public Budget budget() {
    return http.budget();
  }

  /** Submits a SQL job. Never retried: after an unclear failure, look the job up by its tags. */
  public SubmitSqlJobResponse submitSqlJob(SubmitSqlJobRequest request) {
    SubmitSqlJobResponse response =
        http.call(
            new DliHttp.Call("POST", project("/jobs/submit-job"), null, request, false),
            SubmitSqlJobResponse.class);
    if (response.jobId() == null || response.jobId().isBlank()) {
      throw new DliException(
          ErrorClass.PERMANENT,
          200,
          null,
          "DLI accepted the job but returned no job_id",
          null,
          null);
    }
    return response;
  }

  public SqlJob sqlJobStatus(String jobId) {
    return http.call(jobCall("GET", "/status", jobId), SqlJob.class);
  }

  public SqlJobDetail sqlJobDetail(String jobId) {
    return http.call(jobCall("GET", "/detail", jobId), SqlJobDetail.class);
  }

  /** Cancels a SQL job; DLI refuses a job that has already ended. */
  public CancelAck cancelSqlJob(String jobId) {
    DliHttp.Answered<StatusResponse> answer =
        http.answered(jobCall("DELETE", "", jobId), StatusResponse.class);
    return new CancelAck(answer.status(), answer.body().isSuccess(), answer.body().message());
  }

  public SqlJobPage listSqlJobs(ListSqlJobsQuery query) {
    return http.call(
        new DliHttp.Call("GET", project("/jobs"), query.params(), null, false), SqlJobPage.class);
  }

  /** Every job the query matches, page after page (100 a page). */
  public List<SqlJob> listAllSqlJobs(ListSqlJobsQuery query) {
    List<SqlJob> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      SqlJobPage result = listSqlJobs(query.copy().pageSize(MAX_PAGE_SIZE).currentPage(page));
      all.addAll(result.jobsOrEmpty());
      int total = result.jobCount() == null ? all.size() : result.jobCount();
      if (result.jobsOrEmpty().isEmpty() || all.size() >= total) {
        return all;
      }
    }
  }

  public SparkBatch createSparkBatch(SparkBatchRequest request) {
    return http.call(
        new DliHttp.Call("POST", "/v2.0/" + encodedProject() + "/batches", null, request, false),
        SparkBatch.class);
  }

  public SparkBatch sparkBatch(String batchId) {
    return http.call(
        new DliHttp.Call("GET", batchPath(batchId), null, null, true), SparkBatch.class);
  }

  /**
   * Every batch whose name contains the text (DLI matches job_name loosely: check names exactly).
   */
  public List<SparkBatch> listSparkBatchesNamed(String name) {
    List<SparkBatch> all = new ArrayList<>();
    while (true) {
      SparkBatchPage page = listSparkBatches(Map.of("job_name", name), all.size());
      all.addAll(page.sessionsOrEmpty());
      int total = page.total() == null ? all.size() : page.total();
      if (page.sessionsOrEmpty().isEmpty() || all.size() >= total) {
        return all;
      }
    }
  }

  /**
   * One page (of 100) of the batches that match the filters ({@code job_name}, {@code state},
   * {@code queue_name}...), from the 0-based offset.
   */
  public SparkBatchPage listSparkBatches(Map<String, String> filters, int from) {
    Map<String, String> query = new LinkedHashMap<>(filters);
    query.put("from", Integer.toString(from));
    query.put("size", Integer.toString(MAX_PAGE_SIZE));
    return http.call(
        new DliHttp.Call("GET", "/v2.0/" + encodedProject() + "/batches", query, null, false),
        SparkBatchPage.class);
  }

  public SparkBatchState sparkBatchState(String batchId) {
    return http.call(
        new DliHttp.Call("GET", batchPath(batchId) + "/state", null, null, true),
        SparkBatchState.class);
  }

  /** Cancels a Spark batch: DLI answers {"msg": "deleted"} and the batch ends dead. */
  public CancelAck cancelSparkBatch(String batchId) {
    DliHttp.Answered<Map> answer =
        http.answered(new DliHttp.Call("DELETE", batchPath(batchId), null, null, true), Map.class);
    Object message = answer.body().get("msg");
    return new CancelAck(answer.status(), null, message == null ? null : message.toString());
  }

  private DliHttp.Call jobCall(String method, String suffix, String jobId) {
    return new DliHttp.Call(method, project("/jobs/" + segment(jobId)) + suffix, null, null, true);
  }

  private String batchPath(String batchId) {
    return "/v2.0/" + encodedProject() + "/batches/" + segment(batchId);
  }

  private String project(String rest) {
    return "/v1.0/" + encodedProject() + rest;
  }

  private String encodedProject() {
    return segment(connection.projectId());
  }

  private static String segment(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a job id must not be empty");
    }
    return AkSkSigner.percentEncode(id);
  }

  @Override
  public void close() {
    http.close();
  }
}
