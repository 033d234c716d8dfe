package dev.operator.dli.client.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query of GET /v1.0/{project_id}/jobs. Names are DLI's own (note the mix of '-' and '_'); the
 * engine filter goes out in both spellings seen in DLI's documents and SDKs.
 */
public final class ListSqlJobsQuery {
  private final Map<String, String> params = new LinkedHashMap<>();

  public static ListSqlJobsQuery create() {
    return new ListSqlJobsQuery();
  }

  public ListSqlJobsQuery pageSize(int n) {
    return put("page-size", n);
  }

  public ListSqlJobsQuery currentPage(int n) {
    return put("current-page", n);
  }

  public ListSqlJobsQuery start(long epochMillis) {
    return put("start", epochMillis);
  }

  public ListSqlJobsQuery end(long epochMillis) {
    return put("end", epochMillis);
  }

  public ListSqlJobsQuery jobType(String type) {
    return put("job-type", type);
  }

  public ListSqlJobsQuery jobStatus(String status) {
    return put("job-status", status);
  }

  public ListSqlJobsQuery jobId(String id) {
    return put("job-id", id);
  }

  public ListSqlJobsQuery queueName(String queue) {
    return put("queue_name", queue);
  }

  public ListSqlJobsQuery sqlPattern(String pattern) {
    return put("sql_pattern", pattern);
  }

  public ListSqlJobsQuery order(String order) {
    return put("order", order);
  }

  public ListSqlJobsQuery owner(String owner) {
    return put("owner", owner);
  }

  public ListSqlJobsQuery dbName(String db) {
    return put("db_name", db);
  }

  public ListSqlJobsQuery tableName(String table) {
    return put("table_name", table);
  }

  /** DLI matches tags fuzzily: check the returned tags exactly. */
  public ListSqlJobsQuery tag(String key, String value) {
    String tag = key + "=" + value;
    params.merge("tags", tag, (a, b) -> a + "," + b);
    return this;
  }

  public ListSqlJobsQuery engineType(String engine) {
    put("engine_type", engine);
    return put("engine-type", engine);
  }

  public Map<String, String> params() {
    return Map.copyOf(params);
  }

  public ListSqlJobsQuery copy() {
    ListSqlJobsQuery copy = new ListSqlJobsQuery();
    copy.params.putAll(params);
    return copy;
  }

  private ListSqlJobsQuery put(String name, Object value) {
    params.put(name, String.valueOf(value));
    return this;
  }
}
