package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * DLI's Spark batch endpoints ({@code /v2.0/{project_id}/batches/...}) in DLI's (Livy's) shapes:
 * UUID batch IDs, no {@code is_success}, and HTTP 400 {@code DLI.0002} for a batch it does not
 * know.
 */
final class SparkApi extends DliEndpoints {
  private static final Pattern BATCHES = Pattern.compile("/v2\\.0/([^/]+)/batches");
  private static final Pattern BATCH_STATE =
      Pattern.compile("/v2\\.0/([^/]+)/batches/([^/]+)/state");
  private static final Pattern BATCH = Pattern.compile("/v2\\.0/([^/]+)/batches/([^/]+)");

  private final Map<String, SimulatedSparkBatch> batches = new ConcurrentHashMap<>();

  SparkApi(ObjectMapper json, SimulatorConfig config, Clock clock, Faults faults) {
    super(json, config, clock, faults);
  }

  @Override
  protected List<Endpoint> endpoints() {
    return List.of(
        new Endpoint("POST", BATCHES, (path, request) -> create(path.group(), request.jsonBody())),
        new Endpoint("GET", BATCHES, (path, request) -> Answer.ok(list(request.query()))),
        new Endpoint("GET", BATCH_STATE, (path, request) -> Answer.ok(state(batch(path.group(2))))),
        new Endpoint("GET", BATCH, (path, request) -> Answer.ok(view(batch(path.group(2))))),
        new Endpoint("DELETE", BATCH, (path, request) -> cancel(batch(path.group(2)))));
  }

  private Answer create(String path, ObjectNode request) {
    String file = RequestFields.text(request, "file");
    String className = RequestFields.text(request, "className");
    String queue =
        RequestFields.textOr(request, "queue", RequestFields.text(request, "cluster_name"));
    if (file == null || className == null || queue == null) {
      throw ApiError.badRequest("file, className and queue are required.");
    }
    Directive asked = Directive.inRequest(request.toString(), Directive.runs(config.runDuration()));
    SimulatedSparkBatch batch =
        new SimulatedSparkBatch(
            UUID.randomUUID().toString(),
            RequestFields.textOr(request, "name", ""),
            queue,
            className,
            file,
            clock.instant(),
            config.launchDuration(),
            faults.failsRun("POST", path, request.toString()) ? asked.failing() : asked);
    batches.put(batch.id, batch);
    faults.delaySubmitAnswer();
    return Answer.ok(view(batch));
  }

  /** The batches whose name contains the text, oldest first, as {name: state}. */
  Map<String, String> batchesNamed(String text) {
    Instant now = clock.instant();
    Map<String, String> named = new LinkedHashMap<>();
    batches.values().stream()
        .filter(b -> b.name.contains(text))
        .sorted(Comparator.comparing(b -> b.created))
        .forEach(b -> named.put(b.name, b.state(now)));
    return named;
  }

  /**
   * GET /v2.0/{project_id}/batches: job_name (a substring), queue_name, state; from (0-based) and
   * size.
   */
  private ObjectNode list(QueryParams params) {
    Instant now = clock.instant();
    int from = params.intIn("from", 0, 0, Integer.MAX_VALUE);
    int size = params.intIn("size", 10, 1, 100);
    String name = params.get("job_name");
    String queue = params.get("queue_name");
    String state = params.get("state");
    Instant visibleUpTo = faults.listedUpTo(now);
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
    matching.stream().skip(from).limit(size).forEach(b -> sessions.add(view(b)));
    return node;
  }

  private SimulatedSparkBatch batch(String id) {
    SimulatedSparkBatch batch = batches.get(id);
    if (batch == null) {
      throw new ApiError(400, "DLI.0002", "The batch job " + id + " does not exist.");
    }
    return batch;
  }

  private ObjectNode state(SimulatedSparkBatch batch) {
    return json.createObjectNode().put("id", batch.id).put("state", batch.state(clock.instant()));
  }

  private ObjectNode view(SimulatedSparkBatch batch) {
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

  private Answer cancel(SimulatedSparkBatch batch) {
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
}
