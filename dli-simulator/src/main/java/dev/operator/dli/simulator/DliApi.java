package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The DLI and IAM operations: what each endpoint does once the request got through the gateway. */
final class DliApi {
  private static final Pattern SUBMIT = Pattern.compile("/v1\\.0/([^/]+)/jobs/submit-job");
  private static final Pattern JOB_STATUS = Pattern.compile("/v1\\.0/([^/]+)/jobs/([^/]+)/status");
  private static final Pattern JOB_DETAIL = Pattern.compile("/v1\\.0/([^/]+)/jobs/([^/]+)/detail");
  private static final Pattern JOB = Pattern.compile("/v1\\.0/([^/]+)/jobs/([^/]+)");
  private static final Pattern JOBS = Pattern.compile("/v1\\.0/([^/]+)/jobs");
  private static final Pattern BATCHES = Pattern.compile("/v2\\.0/([^/]+)/batches");
  private static final Pattern BATCH_STATE =
      Pattern.compile("/v2\\.0/([^/]+)/batches/([^/]+)/state");
  private static final Pattern BATCH = Pattern.compile("/v2\\.0/([^/]+)/batches/([^/]+)");
  private static final Pattern DLI_NAME =
      Pattern.compile("^([A-Za-z][A-Za-z0-9_]*|[0-9]+[A-Za-z_][A-Za-z0-9_]*)$");
  static final String IAM_TOKENS = "/v3/auth/tokens";

  /** An answer: HTTP status, headers and a JSON body. */
  record Answer(int status, Map<String, String> headers, JsonNode body) {
    static Answer ok(JsonNode body) {
      return new Answer(200, Map.of(), body);
    }
  }

  private final ObjectMapper json;
  private final SimulatorConfig config;
  private final Clock clock;
  private final IamTokens tokens;
  private final Faults faults;
  private final Map<String, SimulatedSqlJob> sqlJobs = new ConcurrentHashMap<>();
  private final Map<String, SimulatedSparkBatch> batches = new ConcurrentHashMap<>();
  private final FlinkApi flink;

  DliApi(ObjectMapper json, SimulatorConfig config, Clock clock, IamTokens tokens, Faults faults) {
    this.json = json;
    this.config = config;
    this.clock = clock;
    this.tokens = tokens;
    this.faults = faults;
    this.flink =
        new FlinkApi(
            json, config, clock, faults, () -> listedUpTo(clock.instant()), this::delayTheAnswer);
  }

  /**
   * The {@code submitDelay} setting: the job exists, the answer is late (a lost answer, when the
   * client gives up).
   */
  private void delayTheAnswer() {
    long millis = faults.settingMillis(FaultRule.Type.submitDelay);
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The {@code listLag} setting: list calls see only jobs created at least this long ago. */
  private Instant listedUpTo(Instant now) {
    return now.minusMillis(faults.settingMillis(FaultRule.Type.listLag));
  }

  Answer handle(String method, String path, String rawQuery, byte[] body) {
    String flinkProject = FlinkApi.projectOf(path);
    if (flinkProject != null) {
      checkProject(flinkProject);
      return flink.handle(method, path, rawQuery, method.equals("POST") ? readObject(body) : null);
    }
    Matcher m;
    if (method.equals("POST") && (m = SUBMIT.matcher(path)).matches()) {
      checkProject(m.group(1));
      return submitSql(readObject(body));
    }
    if (method.equals("GET") && (m = JOB_STATUS.matcher(path)).matches()) {
      checkProject(m.group(1));
      return Answer.ok(sqlStatus(sqlJob(m.group(2))));
    }
    if (method.equals("GET") && (m = JOB_DETAIL.matcher(path)).matches()) {
      checkProject(m.group(1));
      return Answer.ok(sqlDetail(sqlJob(m.group(2))));
    }
    if (method.equals("DELETE") && (m = JOB.matcher(path)).matches()) {
      checkProject(m.group(1));
      return cancelSql(sqlJob(m.group(2)));
    }
    if (method.equals("GET") && (m = JOBS.matcher(path)).matches()) {
      checkProject(m.group(1));
      return Answer.ok(listSql(queryParams(rawQuery)));
    }
    if (method.equals("POST") && (m = BATCHES.matcher(path)).matches()) {
      checkProject(m.group(1));
      return createBatch(readObject(body));
    }
    if (method.equals("GET") && (m = BATCHES.matcher(path)).matches()) {
      checkProject(m.group(1));
      return Answer.ok(listBatches(queryParams(rawQuery)));
    }
    if (method.equals("GET") && (m = BATCH_STATE.matcher(path)).matches()) {
      checkProject(m.group(1));
      SimulatedSparkBatch batch = batch(m.group(2));
      return Answer.ok(
          json.createObjectNode().put("id", batch.id).put("state", batch.state(clock.instant())));
    }
    if (method.equals("GET") && (m = BATCH.matcher(path)).matches()) {
      checkProject(m.group(1));
      return Answer.ok(batchView(batch(m.group(2))));
    }
    if (method.equals("DELETE") && (m = BATCH.matcher(path)).matches()) {
      checkProject(m.group(1));
      return cancelBatch(batch(m.group(2)));
    }
    throw new ApiError(
        404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
  }

  Map<Long, String> flinkJobsTagged(String key, String value) {
    return flink.jobsTagged(key, value);
  }

  boolean flinkSavepointTaken(long jobId) {
    return flink.savepointTaken(jobId);
  }

  private void checkProject(String projectId) {
    if (!config.projectId().equals(projectId)) {
      throw new ApiError(
          403,
          "APIGW.0302",
          "The IAM user is not authorized to access the API: unknown project " + projectId);
    }
  }

  private ObjectNode readObject(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiError.badRequest("The request body must be a JSON object.");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw ApiError.badRequest("The request body is not valid JSON.");
    }
  }

  // ---- SQL jobs

  private Answer submitSql(ObjectNode request) {
    String sql = text(request, "sql");
    if (sql == null || sql.isBlank()) {
      throw ApiError.badRequest("sql is required and must not be empty.");
    }
    String queue = text(request, "queue_name");
    String database = text(request, "currentdb");
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
    Directive directive = directiveOf(sql);
    SimulatedSqlJob job =
        new SimulatedSqlJob(
            UUID.randomUUID().toString(),
            sql,
            queue == null ? "default" : queue,
            database,
            tags,
            conf,
            text(request, "engine_type") == null ? "spark" : text(request, "engine_type"),
            clock.instant(),
            config.launchDuration(),
            directive,
            config.cancelDuration());
    sqlJobs.put(job.id, job);
    delayTheAnswer();
    return Answer.ok(
        json.createObjectNode()
            .put("is_success", true)
            .put("message", "")
            .put("job_id", job.id)
            .put("job_type", job.jobType)
            .put("job_mode", "async"));
  }

  private Directive directiveOf(String text) {
    try {
      return Directive.find(text).orElse(Directive.runs(config.runDuration()));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private SimulatedSqlJob sqlJob(String id) {
    SimulatedSqlJob job = sqlJobs.get(id);
    if (job == null) {
      throw new ApiError(400, "DLI.0002", "The job " + id + " does not exist.");
    }
    return job;
  }

  private ObjectNode sqlStatus(SimulatedSqlJob job) {
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
    if (job.database != null) {
      node.put("database_name", job.database);
    }
    node.set("tags", tagsNode(job.tags));
    node.put("user_conf", String.join(",", job.conf));
    return node;
  }

  private ObjectNode sqlDetail(SimulatedSqlJob job) {
    Instant now = clock.instant();
    ObjectNode node =
        json.createObjectNode()
            .put("is_success", true)
            .put("message", "")
            .put("job_id", job.id)
            .put("owner", config.iamUser())
            .put("start_time", job.submitted.toEpochMilli())
            .put("duration", durationMillis(job, now));
    if (job.database != null) {
      node.put("database_name", job.database);
    }
    node.set("tags", tagsNode(job.tags));
    return node;
  }

  private long durationMillis(SimulatedSqlJob job, Instant now) {
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
  private Answer cancelSql(SimulatedSqlJob job) {
    Instant now = clock.instant();
    if (!job.cancel(now)) {
      throw new ApiError(
          400,
          "DLI.0007",
          "The job " + job.id + " is in status " + job.status(now) + " and cannot be cancelled.");
    }
    return Answer.ok(json.createObjectNode().put("is_success", true).put("message", ""));
  }

  private ObjectNode listSql(Map<String, String> params) {
    Instant now = clock.instant();
    int pageSize = intParam(params, "page-size", 50, 1, 100);
    int page = intParam(params, "current-page", 1, 1, Integer.MAX_VALUE);
    Instant visibleUpTo = listedUpTo(now);
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
    long start = longParam(params, "start");
    long end = longParam(params, "end");
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
              ObjectNode item = sqlStatus(job);
              item.remove("is_success");
              Instant endTime = job.endTime(now);
              if (endTime != null) {
                item.put("end_time", endTime.toEpochMilli());
              }
              jobs.add(item);
            });
    return node;
  }

  // ---- Spark batches

  private Answer createBatch(ObjectNode request) {
    String file = text(request, "file");
    String className = text(request, "className");
    String queue =
        text(request, "queue") != null ? text(request, "queue") : text(request, "cluster_name");
    if (file == null || className == null || queue == null) {
      throw ApiError.badRequest("file, className and queue are required.");
    }
    String name = text(request, "name");
    SimulatedSparkBatch batch =
        new SimulatedSparkBatch(
            UUID.randomUUID().toString(),
            name == null ? "" : name,
            queue,
            className,
            file,
            clock.instant(),
            config.launchDuration(),
            directiveOf(request.toString()));
    batches.put(batch.id, batch);
    delayTheAnswer();
    return Answer.ok(batchView(batch));
  }

  /**
   * GET /v2.0/{project_id}/batches: job_name (a substring), queue_name, state; from (0-based) and
   * size.
   */
  private ObjectNode listBatches(Map<String, String> params) {
    Instant now = clock.instant();
    int from = intParam(params, "from", 0, 0, Integer.MAX_VALUE);
    int size = intParam(params, "size", 10, 1, 100);
    String name = params.get("job_name");
    String queue = params.get("queue_name");
    String state = params.get("state");
    Instant visibleUpTo = listedUpTo(now);
    List<SimulatedSparkBatch> matching =
        batches.values().stream()
            .filter(b -> !b.created.isAfter(visibleUpTo))
            .filter(b -> name == null || b.name.contains(name))
            .filter(b -> queue == null || b.queue.equals(queue))
            .filter(b -> state == null || b.state(now).equals(state))
            .sorted(
                Comparator.comparing((SimulatedSparkBatch b) -> b.created)
                    .reversed()
                    .thenComparing(b -> b.id))
            .toList();
    ObjectNode node = json.createObjectNode().put("from", from).put("total", matching.size());
    ArrayNode sessions = node.putArray("sessions");
    matching.stream().skip(from).limit(size).forEach(b -> sessions.add(batchView(b)));
    return node;
  }

  private SimulatedSparkBatch batch(String id) {
    SimulatedSparkBatch batch = batches.get(id);
    if (batch == null) {
      throw new ApiError(400, "DLI.0002", "The batch job " + id + " does not exist.");
    }
    return batch;
  }

  private ObjectNode batchView(SimulatedSparkBatch batch) {
    ObjectNode node =
        json.createObjectNode()
            .put("id", batch.id)
            .put("appId", "")
            .put("name", batch.name)
            .put("owner", config.iamUser())
            .put("proxyUser", "")
            .put("state", batch.state(clock.instant()))
            .put("kind", "")
            .put("sc_type", "A")
            .put("cluster_name", batch.queue)
            .put("queue", batch.queue)
            .put("create_time", batch.created.toEpochMilli())
            .put("update_time", clock.millis())
            .put("duration", clock.millis() - batch.created.toEpochMilli());
    node.putArray("log");
    return node;
  }

  private Answer cancelBatch(SimulatedSparkBatch batch) {
    Instant now = clock.instant();
    if (!batch.cancel(now)) {
      throw new ApiError(
          400,
          "DLI.0007",
          "The batch job "
              + batch.id
              + " is in state "
              + batch.state(now)
              + " and cannot be cancelled.");
    }
    return Answer.ok(json.createObjectNode().put("msg", "deleted"));
  }

  // ---- IAM

  Answer issueToken(byte[] body) {
    JsonNode user = readObject(body).path("auth").path("identity").path("password").path("user");
    JsonNode project = readObject(body).path("auth").path("scope").path("project");
    boolean valid =
        config.iamUser().equals(user.path("name").asText())
            && config.iamPassword().equals(user.path("password").asText())
            && config.iamDomain().equals(user.path("domain").path("name").asText());
    if (!valid) {
      ObjectNode error = json.createObjectNode();
      error
          .putObject("error")
          .put("code", 401)
          .put("title", "Unauthorized")
          .put("message", "The username or password is wrong.");
      return new Answer(401, Map.of(), error);
    }
    String projectId = project.path("id").asText(config.projectId());
    IamTokens.Issued issued = tokens.issue(clock.instant());
    ObjectNode answer = json.createObjectNode();
    ObjectNode token = answer.putObject("token");
    token.putArray("methods").add("password");
    token
        .put("expires_at", issued.expiresAt().toString())
        .put("issued_at", issued.issuedAt().toString());
    token
        .putObject("user")
        .put("id", "u-" + config.iamUser())
        .put("name", config.iamUser())
        .putObject("domain")
        .put("id", "d-" + config.iamDomain())
        .put("name", config.iamDomain());
    token.putObject("project").put("id", projectId).put("name", "sim-region");
    token.putArray("catalog");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Subject-Token", issued.token());
    return new Answer(201, headers, answer);
  }

  // ---- admin views

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

  // ---- helpers

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static Map<String, String> queryParams(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String part : rawQuery.split("&")) {
        if (!part.isEmpty()) {
          String[] kv = part.split("=", 2);
          params.put(
              URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
      }
    }
    return params;
  }

  static int intParam(Map<String, String> params, String name, int fallback, int min, int max) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw ApiError.badRequest(name + " must be in [" + min + "," + max + "].");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be an integer.");
    }
  }

  private static long longParam(Map<String, String> params, String name) {
    try {
      return Long.parseLong(params.getOrDefault(name, "0"));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be epoch milliseconds.");
    }
  }
}
