package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DLI's Flink job endpoints ({@code /v1.0/{project_id}/streaming/...}) in DLI's shapes: integer job
 * IDs, {@code is_success} as the string "true" or "false", arrays from run and stop, and HTTP 400
 * {@code DLI.16001} for a job it does not know.
 */
final class FlinkApi extends DliEndpoints {
  private static final Pattern SQL_JOBS = Pattern.compile("/v1\\.0/([^/]+)/streaming/sql-jobs");
  private static final Pattern JAR_JOBS = Pattern.compile("/v1\\.0/([^/]+)/streaming/flink-jobs");
  private static final Pattern RUN = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/run");
  private static final Pattern STOP = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/stop");
  private static final Pattern JOBS = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs");
  private static final Pattern JOB = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/([^/]+)");
  private static final Pattern STREAMING = Pattern.compile("/v1\\.0/([^/]+)/streaming/.*");
  private static final int MAX_NAME = 57;

  private final Map<Long, SimulatedFlinkJob> jobs = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(10_000);

  FlinkApi(ObjectMapper json, SimulatorConfig config, Clock clock, Faults faults) {
    super(json, config, clock, faults);
  }

  @Override
  protected List<Endpoint> endpoints() {
    return List.of(
        new Endpoint("POST", SQL_JOBS, (path, request) -> create(request.jsonBody(), true)),
        new Endpoint("POST", JAR_JOBS, (path, request) -> create(request.jsonBody(), false)),
        new Endpoint("POST", RUN, (path, request) -> run(request.jsonBody())),
        new Endpoint("POST", STOP, (path, request) -> stop(request.jsonBody(), path.group())),
        new Endpoint("GET", JOBS, (path, request) -> Answer.ok(list(request.query()))),
        new Endpoint("GET", JOB, (path, request) -> Answer.ok(detail(job(path.group(2))))),
        new Endpoint("DELETE", JOB, (path, request) -> delete(job(path.group(2)))));
  }

  /**
   * Every path under {@code streaming/} is Flink's: its project is checked and a POST's body read
   * before the endpoint is looked for, and one it does not publish is a 404.
   */
  @Override
  Optional<Answer> handle(String method, String path, Request request) {
    Matcher m = STREAMING.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    checkProject(m.group(1));
    if (method.equals("POST")) {
      // read for its 400 alone: a bad body is refused even on a path no endpoint publishes
      request.jsonBody();
    }
    return Optional.of(super.handle(method, path, request).orElseThrow(ApiError::noSuchApi));
  }

  private Answer delete(SimulatedFlinkJob job) {
    jobs.remove(job.id);
    return Answer.ok(success().put("message", "The job is successfully deleted."));
  }

  private Answer create(ObjectNode request, boolean sql) {
    String name = RequestFields.text(request, "name");
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw new ApiError(400, "DLI.0001", "name is required and has at most 57 characters.");
    }
    String sqlBody = RequestFields.text(request, "sql_body");
    String entrypoint = RequestFields.text(request, "entrypoint");
    if (sql && (sqlBody == null || sqlBody.isBlank())) {
      throw new ApiError(400, "DLI.0001", "sql_body is required.");
    }
    if (!sql && (entrypoint == null || entrypoint.isBlank())) {
      throw new ApiError(400, "DLI.0001", "entrypoint is required.");
    }
    List<Map<String, String>> tags = new ArrayList<>();
    request
        .path("tags")
        .forEach(
            t -> {
              String key = t.path("key").asText("");
              String value = t.path("value").asText("");
              if (key.isEmpty() || key.length() > 36 || value.length() > 43) {
                throw new ApiError(
                    400, "DLI.0001", "A tag key has 1 to 36 characters, a value at most 43.");
              }
              tags.add(Map.of("key", key, "value", value));
            });
    String args = RequestFields.text(request, "entrypoint_args");
    Directive directive =
        Directive.inRequest(sql ? sqlBody : args, new Directive(null, false, false));
    SimulatedFlinkJob job =
        new SimulatedFlinkJob(
            ids.incrementAndGet(),
            name,
            sql
                ? RequestFields.textOr(request, "job_type", "flink_opensource_sql_job")
                : "flink_jar_job",
            RequestFields.textOr(request, "queue_name", "default"),
            sqlBody,
            entrypoint,
            RequestFields.text(request, "main_class"),
            args,
            tags,
            clock.instant(),
            Directive.startAfter(sql ? sqlBody : args).orElse(config.launchDuration()),
            config.cancelDuration(),
            directive);
    jobs.put(job.id, job);
    faults.delaySubmitAnswer();
    ObjectNode answer = success().put("message", "A DLI job is created successfully.");
    answer
        .putObject("job")
        .put("job_id", job.id)
        .put("status_name", "job_init")
        .put("status_desc", "");
    return Answer.ok(answer);
  }

  private Answer run(ObjectNode request) {
    ArrayNode answers = json.createArrayNode();
    Instant now = clock.instant();
    boolean resume = request.path("resume_savepoint").asBoolean(false);
    for (SimulatedFlinkJob job : jobsOf(request)) {
      answers.add(
          job.run(now, resume)
              ? element(true, "The request for submitting DLI jobs is successfully delivered.")
              : element(false, "The job " + job.id + " is " + job.status(now) + ": it runs."));
    }
    return new Answer(200, Map.of(), answers);
  }

  private Answer stop(ObjectNode request, String path) {
    ArrayNode answers = json.createArrayNode();
    Instant now = clock.instant();
    boolean savepoint = request.path("trigger_savepoint").asBoolean(false);
    for (SimulatedFlinkJob job : jobsOf(request)) {
      String status = job.status(now);
      boolean stopping =
          job.stop(now, savepoint, faults.take(FaultRule.Type.stopFails, "POST", path));
      answers.add(
          stopping
              ? element(true, "The request for stopping DLI jobs is successfully delivered.")
              : element(false, "The job " + job.id + " is " + status + ": it cannot be stopped."));
    }
    return new Answer(200, Map.of(), answers);
  }

  private List<SimulatedFlinkJob> jobsOf(ObjectNode request) {
    JsonNode ids = request.path("job_ids");
    if (!ids.isArray() || ids.isEmpty()) {
      throw new ApiError(400, "DLI.0001", "job_ids is required.");
    }
    List<SimulatedFlinkJob> found = new ArrayList<>();
    ids.forEach(id -> found.add(job(id.asText())));
    return found;
  }

  /**
   * GET .../streaming/jobs: name (a substring), status, queue_name, job_type, tags ("k=v" pairs,
   * comma-separated, all must match), order (asc|desc by creation), limit (0–100), offset.
   */
  private ObjectNode list(QueryParams params) {
    Instant now = clock.instant();
    int limit = params.intIn("limit", 10, 0, 100);
    int offset = params.intIn("offset", 0, 0, Integer.MAX_VALUE);
    String name = params.get("name");
    String status = params.get("status");
    String queue = params.get("queue_name");
    String jobType = params.get("job_type");
    List<String> tags =
        params.get("tags") == null ? List.of() : List.of(params.get("tags").split(","));
    Comparator<SimulatedFlinkJob> byCreation =
        Comparator.comparing((SimulatedFlinkJob j) -> j.created).thenComparing(j -> j.id);
    Instant visibleUpTo = faults.listedUpTo(now);
    List<SimulatedFlinkJob> matching =
        jobs.values().stream()
            .filter(j -> !j.created.isAfter(visibleUpTo))
            .filter(j -> name == null || j.name.contains(name))
            .filter(j -> status == null || j.status(now).equals(status))
            .filter(j -> queue == null || j.queue.equals(queue))
            .filter(j -> jobType == null || j.jobType.equals(jobType))
            .filter(j -> tags.stream().allMatch(t -> hasTag(j, t)))
            .sorted("asc".equals(params.get("order")) ? byCreation : byCreation.reversed())
            .toList();
    ObjectNode answer = success();
    ObjectNode list = answer.putObject("job_list").put("total_count", matching.size());
    ArrayNode page = list.putArray("jobs");
    matching.stream().skip(offset).limit(limit).forEach(j -> page.add(view(j)));
    return answer;
  }

  Map<Long, String> jobsTagged(String key, String value) {
    Instant now = clock.instant();
    Map<Long, String> found = new TreeMap<>();
    jobs.values().stream()
        .filter(j -> hasTag(j, key + "=" + value))
        .forEach(j -> found.put(j.id, j.status(now)));
    return found;
  }

  boolean savepointTaken(long jobId) {
    SimulatedFlinkJob job = jobs.get(jobId);
    return job != null && job.savepointPath() != null;
  }

  List<String> resumedFrom(long jobId) {
    SimulatedFlinkJob job = jobs.get(jobId);
    return job == null ? List.of() : job.resumedFrom();
  }

  private static boolean hasTag(SimulatedFlinkJob job, String pair) {
    String[] kv = pair.split("=", 2);
    return job.tags.stream()
        .anyMatch(
            t -> t.get("key").equals(kv[0]) && (kv.length < 2 || t.get("value").equals(kv[1])));
  }

  private SimulatedFlinkJob job(String id) {
    SimulatedFlinkJob job = null;
    try {
      job = jobs.get(Long.parseLong(id));
    } catch (NumberFormatException e) {
      // not a Flink job ID: unknown, like any other
    }
    if (job == null) {
      throw new ApiError(400, "DLI.16001", "The job " + id + " does not exist.");
    }
    return job;
  }

  private ObjectNode detail(SimulatedFlinkJob job) {
    return success().set("job_detail", view(job));
  }

  private ObjectNode view(SimulatedFlinkJob job) {
    Instant now = clock.instant();
    ObjectNode node =
        json.createObjectNode()
            .put("job_id", job.id)
            .put("name", job.name)
            .put("desc", "")
            .put("user_name", config.iamUser())
            .put("job_type", job.jobType)
            .put("status", job.status(now))
            .put("status_desc", "")
            .put("create_time", job.created.toEpochMilli())
            .put("duration", job.durationMillis(now))
            .put("queue_name", job.queue)
            .put("run_mode", "exclusive_cluster")
            .put("update_time", now.toEpochMilli())
            .put("has_savepoint", job.savepointPath() != null)
            .put("restart_times", 0);
    if (job.started() != null) {
      node.put("start_time", job.started().toEpochMilli());
    }
    if (job.sqlBody != null) {
      node.put("sql_body", job.sqlBody);
    }
    if (job.entrypoint != null) {
      node.put("main_class", job.mainClass).put("entrypoint_args", job.entrypointArgs);
    }
    if (job.savepointPath() != null) {
      node.put("savepoint_path", job.savepointPath());
    }
    return node;
  }

  private ObjectNode success() {
    return json.createObjectNode().put("is_success", "true").put("message", "");
  }

  private ObjectNode element(boolean success, String message) {
    return json.createObjectNode()
        .put("is_success", Boolean.toString(success))
        .put("message", message);
  }
}
