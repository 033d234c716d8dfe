package dev.operator.dli.client;

import dev.operator.dli.client.wire.FlinkJarJobRequest;
import dev.operator.dli.client.wire.FlinkJob;
import dev.operator.dli.client.wire.FlinkJobCreated;
import dev.operator.dli.client.wire.FlinkJobDetail;
import dev.operator.dli.client.wire.FlinkJobIds;
import dev.operator.dli.client.wire.FlinkJobPage;
import dev.operator.dli.client.wire.FlinkSqlJobRequest;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The DLI REST API for SQL jobs, Spark batches and Flink jobs. Every failure is a {@link
 * DliException} whose class says whether to retry, fix credentials, or give up. Thread-safe; close
 * it to release connections.
 */
public final class DliClient implements AutoCloseable {
  private static final int MAX_PAGE_SIZE = 100;

  private final DliConnection connection;
  private final DliHttp http;
  private final HttpPools pools;
  private final boolean ownsPools;
  private final AtomicBoolean closed = new AtomicBoolean();

  public DliClient(DliConnection connection) {
    this(connection, Clock.systemUTC());
  }

  public DliClient(DliConnection connection, Clock clock) {
    this(connection, clock, CallListener.NONE);
  }

  /**
   * A client with HTTP pools of its own, ended by {@link #close()}.
   *
   * @param listener told of every HTTP exchange, e.g. for metrics
   */
  public DliClient(DliConnection connection, Clock clock, CallListener listener) {
    this(connection, clock, listener, new HttpPools(), true);
  }

  /** A client on shared HTTP pools: {@link #close()} leaves them to their owner. */
  public DliClient(DliConnection connection, Clock clock, CallListener listener, HttpPools pools) {
    this(connection, clock, listener, pools, false);
  }

  private DliClient(
      DliConnection connection,
      Clock clock,
      CallListener listener,
      HttpPools pools,
      boolean ownsPools) {
    this.connection = connection;
    this.http = new DliHttp(connection, pools.client(connection), clock, listener);
    this.pools = pools;
    this.ownsPools = ownsPools;
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

  /** Creates a Flink SQL job (job_init: it does not run yet). Never retried. */
  public long createFlinkSqlJob(FlinkSqlJobRequest request) {
    return created(
        http.call(
            new DliHttp.Call("POST", project("/streaming/sql-jobs"), null, request, false),
            FlinkJobCreated.class));
  }

  /** Creates a Flink Jar job (job_init: it does not run yet). Never retried. */
  public long createFlinkJarJob(FlinkJarJobRequest request) {
    return created(
        http.call(
            new DliHttp.Call("POST", project("/streaming/flink-jobs"), null, request, false),
            FlinkJobCreated.class));
  }

  private static long created(FlinkJobCreated answer) {
    if (answer.job() == null || answer.job().jobId() == null) {
      throw new DliException(
          ErrorClass.PERMANENT,
          200,
          null,
          "DLI created the job but returned no job_id",
          null,
          null);
    }
    return answer.job().jobId();
  }

  /** Runs a created Flink job; DLI refusing it (is_success "false") is a permanent failure. */
  public void runFlinkJob(long jobId) {
    runFlinkJob(jobId, false);
  }

  /**
   * Runs a Flink job, with {@code resumeSavepoint} from its latest savepoint (a suspended job); DLI
   * refusing it (is_success "false") is a permanent failure.
   */
  public void runFlinkJob(long jobId, boolean resumeSavepoint) {
    DliHttp.Answered<StatusResponse[]> answer =
        http.answered(
            new DliHttp.Call(
                "POST",
                project("/streaming/jobs/run"),
                null,
                FlinkJobIds.run(jobId, resumeSavepoint),
                true),
            StatusResponse[].class);
    StatusResponse mine = onlyElement(answer);
    if (Boolean.FALSE.equals(mine.isSuccess())) {
      throw new DliException(
          ErrorClass.PERMANENT,
          answer.status(),
          null,
          mine.message() == null ? "DLI did not run the job" : mine.message(),
          null,
          null);
    }
  }

  /**
   * Asks DLI to stop a Flink job (asynchronous: it ends in job_cancel_success, or job_cancel_fail
   * when the stop failed); the answer is DLI's element for the job.
   */
  public CancelAck stopFlinkJob(long jobId, boolean triggerSavepoint) {
    DliHttp.Answered<StatusResponse[]> answer =
        http.answered(
            new DliHttp.Call(
                "POST",
                project("/streaming/jobs/stop"),
                null,
                FlinkJobIds.stop(jobId, triggerSavepoint),
                true),
            StatusResponse[].class);
    StatusResponse mine = onlyElement(answer);
    return new CancelAck(answer.status(), mine.isSuccess(), mine.message());
  }

  private static StatusResponse onlyElement(DliHttp.Answered<StatusResponse[]> answer) {
    if (answer.body().length != 1) {
      throw new DliException(
          ErrorClass.TRANSIENT,
          answer.status(),
          null,
          "DLI answered " + answer.body().length + " results for one job",
          null,
          null);
    }
    return answer.body()[0];
  }

  public FlinkJob flinkJob(long jobId) {
    return http.call(
            new DliHttp.Call("GET", flinkJobPath(jobId), null, null, true), FlinkJobDetail.class)
        .job();
  }

  /** Deletes a Flink job's definition (in any state; DLI does not stop it first). */
  public CancelAck deleteFlinkJob(long jobId) {
    DliHttp.Answered<StatusResponse> answer =
        http.answered(
            new DliHttp.Call("DELETE", flinkJobPath(jobId), null, null, true),
            StatusResponse.class);
    return new CancelAck(answer.status(), answer.body().isSuccess(), answer.body().message());
  }

  /**
   * One page (of 100) of the Flink jobs that match the filters ({@code name}, {@code status},
   * {@code tags} as k=v...), from the offset; DLI's list does not show tags.
   */
  public FlinkJobPage listFlinkJobs(Map<String, String> filters, int offset) {
    Map<String, String> query = new LinkedHashMap<>(filters);
    query.put("offset", Integer.toString(offset));
    query.put("limit", Integer.toString(MAX_PAGE_SIZE));
    return http.call(
        new DliHttp.Call("GET", project("/streaming/jobs"), query, null, false),
        FlinkJobPage.class);
  }

  private String flinkJobPath(long jobId) {
    return project("/streaming/jobs/" + jobId);
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
    if (closed.getAndSet(true)) {
      return;
    }
    if (ownsPools) {
      pools.close();
    } else {
      pools.release(connection);
    }
  }
}
