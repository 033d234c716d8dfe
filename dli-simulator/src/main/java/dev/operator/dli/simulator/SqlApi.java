package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * DLI's SQL job endpoints ({@code /v1.0/{project_id}/jobs/...}) in DLI's shapes: UUID job IDs,
 * {@code is_success} as a boolean, and HTTP 400 {@code DLI.0002} for a job it does not know.
 */
final class SqlApi extends DliEndpoints {
  private static final Pattern SUBMIT = Pattern.compile("/v1\\.0/([^/]+)/jobs/submit-job");
  private static final Pattern JOB_STATUS = Pattern.compile("/v1\\.0/([^/]+)/jobs/([^/]+)/status");
  private static final Pattern JOB_DETAIL = Pattern.compile("/v1\\.0/([^/]+)/jobs/([^/]+)/detail");
  private static final Pattern JOB = Pattern.compile("/v1\\.0/([^/]+)/jobs/([^/]+)");
  private static final Pattern JOBS = Pattern.compile("/v1\\.0/([^/]+)/jobs");
  private static final Pattern DLI_NAME =
      Pattern.compile("^([A-Za-z][A-Za-z0-9_]*|[0-9]+[A-Za-z_][A-Za-z0-9_]*)$");

  private final Map<String, SimulatedSqlJob> sqlJobs = new ConcurrentHashMap<>();

  SqlApi(ObjectMapper json, SimulatorConfig config, Clock clock, Faults faults) {
    super(json, config, clock, faults);
  }

  @Override
  protected List<Endpoint> endpoints() {
    return List.of(
        new Endpoint("POST", SUBMIT, (path, request) -> submit(path.group(), request.jsonBody())),
        new Endpoint("GET", JOB_STATUS, (path, request) -> Answer.ok(status(job(path.group(2))))),
        new Endpoint("GET", JOB_DETAIL, (path, request) -> Answer.ok(detail(job(path.group(2))))),
        new Endpoint("DELETE", JOB, (path, request) -> cancel(job(path.group(2)))),
        new Endpoint("GET", JOBS, (path, request) -> Answer.ok(list(request.query()))));
  }

  private Answer submit(String path, ObjectNode request) {
    String sql = RequestFields.text(request, "sql");
    if (sql == null || sql.isBlank()) {
      throw ApiError.badRequest("sql is required and must not be empty.");
    }
    String queue = RequestFields.text(request, "queue_name");
    String database = RequestFields.text(request, "currentdb");
    for (String name : new String[] {queue, database}) {
      if (name != null && !DLI_NAME.matcher(name).matches()) {
        throw ApiError.badRequest(
            "Invalid name '"
                + name
                + "': only letters, digits and underscores, "
                + "not only digits and not starting with an underscore.");
      }
    }
    List<Map<String, String>> tags = new ArrayList<>();
    request
        .path("tags")
        .forEach(
            t -> {
              String key = t.path("key").asText("");
              if (key.isEmpty()
                  || key.startsWith("_sys_")
                  || key.length() > 128
                  || t.path("value").asText("").length() > 255) {
                throw ApiError.badRequest("Invalid tag key or value: " + t);
              }
              tags.add(Map.of("key", key, "value", t.path("value").asText("")));
            });
    List<String> conf = new ArrayList<>();
    request.path("conf").forEach(c -> conf.add(c.asText()));
    Directive asked = Directive.inRequest(sql, Directive.runs(config.runDuration()));
    Directive directive =
        faults.failsRun("POST", path, request.toString()) ? asked.failing() : asked;
    SimulatedSqlJob job =
        new SimulatedSqlJob(
            UUID.randomUUID().toString(),
            sql,
            queue == null ? "default" : queue,
            database,
            tags,
            conf,
            RequestFields.textOr(request, "engine_type", "spark"),
            clock.instant(),
            config.launchDuration(),
            directive,
            config.cancelDuration());
    sqlJobs.put(job.id, job);
    faults.delaySubmitAnswer();
    return Answer.ok(
        json.createObjectNode()
            .put("is_success", true)
            .put("message", "")
            .put("job_id", job.id)
            .put("job_type", job.jobType)
            .put("job_mode", "async"));
  }

  private SimulatedSqlJob job(String id) {
    SimulatedSqlJob job = sqlJobs.get(id);
    if (job == null) {
      throw new ApiError(400, "DLI.0002", "The job " + id + " does not exist.");
    }
    return job;
  }

  private ObjectNode status(SimulatedSqlJob job) {
    Instant now = clock.instant();
    ObjectNode node =
        json.createObjectNode()
            .put("is_success", true)
            .put("message", job.message(now))
            .put("job_id", job.id)
            .put("job_type", job.jobType)
            .put("job_mode", "async")
            .put("queue_name", job.queue)
            .put("owner", config.iamUser())
            .put("start_time", job.submitted.toEpochMilli())
            .put("duration", durationMillis(job, now))
            .put("status", job.status(now))
            .put("input_row_count", 0)
            .put("bad_row_count", 0)
            .put("input_size", 0)
            .put("result_count", 0)
            .put("statement", job.statement)
            .put("engine_type", job.engineType)
            .put("result_format", "CSV");
    putDatabaseAndTags(node, job);
    node.put("user_conf", String.join(",", job.conf));
    return node;
  }

  private ObjectNode detail(SimulatedSqlJob job) {
    Instant now = clock.instant();
    ObjectNode node =
        json.createObjectNode()
            .put("is_success", true)
            .put("message", "")
            .put("job_id", job.id)
            .put("owner", config.iamUser())
            .put("start_time", job.submitted.toEpochMilli())
            .put("duration", durationMillis(job, now));
    putDatabaseAndTags(node, job);
    return node;
  }

  private void putDatabaseAndTags(ObjectNode node, SimulatedSqlJob job) {
    if (job.database != null) {
      node.put("database_name", job.database);
    }
    node.set("tags", tagsNode(job.tags));
  }

  private static long durationMillis(SimulatedSqlJob job, Instant now) {
    Instant end = job.endTime(now);
    return (end == null ? now : end).toEpochMilli() - job.submitted.toEpochMilli();
  }

  private ArrayNode tagsNode(List<Map<String, String>> tags) {
    ArrayNode array = json.createArrayNode();
    tags.forEach(t -> array.addObject().put("key", t.get("key")).put("value", t.get("value")));
    return array;
  }

  /**
   * A job that has ended cannot be cancelled: DLI.0007 (operation not supported), documented in the
   * README.
   */
  private Answer cancel(SimulatedSqlJob job) {
    Instant now = clock.instant();
    if (!job.cancel(now)) {
      throw new ApiError(
          400,
          "DLI.0007",
          "The job " + job.id + " is in status " + job.status(now) + " and cannot be cancelled.");
    }
    return Answer.ok(json.createObjectNode().put("is_success", true).put("message", ""));
  }

  private ObjectNode list(QueryParams params) {
    Instant now = clock.instant();
    int pageSize = params.intIn("page-size", 50, 1, 100);
    int page = params.intIn("current-page", 1, 1, Integer.MAX_VALUE);
    Instant visibleUpTo = faults.listedUpTo(now);
    Predicate<SimulatedSqlJob> filter = job -> !job.submitted.isAfter(visibleUpTo);
    String status = params.get("job-status");
    if (status != null) {
      filter = filter.and(job -> job.status(now).equals(status));
    }
    String queue = params.get("queue_name");
    if (queue != null) {
      filter = filter.and(job -> job.queue.equals(queue));
    }
    String jobId = params.get("job-id");
    if (jobId != null) {
      filter = filter.and(job -> job.id.equals(jobId));
    }
    String jobType = params.get("job-type");
    if (jobType != null && !jobType.equals("ALL")) {
      filter = filter.and(job -> job.jobType.equals(jobType));
    }
    String pattern = params.get("sql_pattern");
    if (pattern != null) {
      filter = filter.and(job -> job.statement.toLowerCase().contains(pattern.toLowerCase()));
    }
    String tagFilter = params.get("tags");
    if (tagFilter != null) {
      // DLI documents tag filtering as fuzzy: a job matches when a "key=value" of its tags contains
      // the text.
      for (String wanted : tagFilter.split(",")) {
        filter =
            filter.and(
                job ->
                    job.tags.stream()
                        .anyMatch(t -> (t.get("key") + "=" + t.get("value")).contains(wanted)));
      }
    }
    long start = params.epochMillis("start");
    long end = params.epochMillis("end");
    if (start > 0) {
      filter = filter.and(job -> job.submitted.toEpochMilli() >= start);
    }
    if (end > 0) {
      filter = filter.and(job -> job.submitted.toEpochMilli() <= end);
    }
    Comparator<SimulatedSqlJob> order =
        switch (params.getOrDefault("order", "start_time_desc")) {
          case "start_time_asc" -> Comparator.comparing(j -> j.submitted);
          case "duration_desc" ->
              Comparator.comparingLong((SimulatedSqlJob j) -> durationMillis(j, now)).reversed();
          case "duration_asc" -> Comparator.comparingLong(j -> durationMillis(j, now));
          case "start_time_desc" ->
              Comparator.comparing((SimulatedSqlJob j) -> j.submitted).reversed();
          default ->
              throw ApiError.badRequest(
                  "order must be one of duration_desc, duration_asc, start_time_desc, "
                      + "start_time_asc.");
        };
    List<SimulatedSqlJob> matching =
        sqlJobs.values().stream().filter(filter).sorted(order.thenComparing(j -> j.id)).toList();
    ObjectNode node =
        json.createObjectNode()
            .put("is_success", true)
            .put("message", "")
            .put("job_count", matching.size());
    ArrayNode jobs = node.putArray("jobs");
    matching.stream()
        .skip((long) (page - 1) * pageSize)
        .limit(pageSize)
        .forEach(
            job -> {
              ObjectNode item = status(job);
              item.remove("is_success");
              Instant endTime = job.endTime(now);
              if (endTime != null) {
                item.put("end_time", endTime.toEpochMilli());
              }
              jobs.add(item);
            });
    return node;
  }

  // ---- admin views

  /** Every SQL job, oldest first: its ID, status, statement and tags. */
  ArrayNode jobsView() {
    Instant now = clock.instant();
    ArrayNode array = json.createArrayNode();
    sqlJobs.values().stream()
        .sorted(Comparator.comparing(j -> j.submitted))
        .forEach(
            job ->
                array
                    .addObject()
                    .put("job_id", job.id)
                    .put("status", job.status(now))
                    .put("statement", job.statement)
                    .set("tags", tagsNode(job.tags)));
    return array;
  }

  List<String> jobsTagged(String key, String value) {
    return sqlJobs.values().stream()
        .filter(
            j ->
                j.tags.stream()
                    .anyMatch(t -> key.equals(t.get("key")) && value.equals(t.get("value"))))
        .sorted(Comparator.comparing(j -> j.submitted))
        .map(j -> j.id)
        .toList();
  }

  String statusOf(String jobId) {
    SimulatedSqlJob job = sqlJobs.get(jobId);
    return job == null ? null : job.status(clock.instant());
  }
}
