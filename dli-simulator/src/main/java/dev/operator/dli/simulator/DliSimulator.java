package dev.operator.dli.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DLI API simulator over HTTPS: SQL jobs, Spark batches, Flink jobs and IAM tokens, behind a
 * gateway that checks AK/SK signatures and tokens, with faults on demand and a journal of every
 * request.
 *
 * <p>Test-only admin endpoints, unsigned: {@code GET|DELETE /_sim/journal}, {@code
 * GET|PUT|POST|DELETE /_sim/faults}, {@code POST /_sim/tokens/revoke}, {@code GET /_sim/jobs}.
 */
public final class DliSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DliSimulator.class);

  private static final byte[] TRUNCATED_BODY =
      "{\"is_success\": tr".getBytes(StandardCharsets.UTF_8);

  private final SimulatorConfig config;
  private final TlsMaterial tls;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Clock clock = Clock.systemUTC();
  private final Journal journal = new Journal();
  private final Faults faults = new Faults();
  private final IamTokens tokens;
  private final IamApi iam;
  private final SqlApi sqlJobs;
  private final FlinkApi flinkJobs;
  private final SparkApi sparkBatches;
  private final ApiRouter router;
  private volatile GatewayRateLimit rateLimit;

  private DliSimulator(SimulatorConfig config) throws IOException {
    this.config = config;
    this.tls = TlsMaterial.selfSigned();
    this.tokens = new IamTokens(config.tokenLifetime());
    this.iam = new IamApi(json, config, clock, tokens);
    this.sqlJobs = new SqlApi(json, config, clock, faults);
    this.flinkJobs = new FlinkApi(json, config, clock, faults);
    this.sparkBatches = new SparkApi(json, config, clock, faults);
    this.router = new ApiRouter(List.of(flinkJobs, sqlJobs, sparkBatches));
    this.server =
        HttpsServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 64);
    this.server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext));
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dli-simulator");
              t.setDaemon(true);
              return t;
            });
    this.server.setExecutor(executor);
    this.server.createContext("/", this::serve);
  }

  public static DliSimulator start(SimulatorConfig config) {
    try {
      DliSimulator simulator = new DliSimulator(config);
      simulator.server.start();
      log.info("DLI simulator listening on {}", simulator.url());
      return simulator;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the DLI simulator on port " + config.port(), e);
    }
  }

  public String url() {
    return "https://" + config.bindAddress() + ":" + server.getAddress().getPort();
  }

  public SimulatorConfig config() {
    return config;
  }

  /** The PEM of the self-signed certificate, for clients to trust. */
  public String caPem() {
    return tls.certificatePem();
  }

  public Journal journal() {
    return journal;
  }

  public Faults faults() {
    return faults;
  }

  /** Invalidates every issued IAM token: the next call with one gets 401. */
  public void revokeTokens() {
    tokens.revokeAll();
  }

  /** Gateway mode: throttles each user as a real gateway does; null switches it off. */
  public void setRateLimit(GatewayRateLimit limit) {
    this.rateLimit = limit;
  }

  public void setTokenLifetime(Duration lifetime) {
    tokens.setLifetime(lifetime);
  }

  /** How many issued IAM tokens the gateway would still accept now. */
  public long validTokens() {
    return tokens.validAt(clock.instant());
  }

  /** IDs of the SQL jobs that carry this tag, oldest first: tests count submissions with it. */
  public List<String> sqlJobsTagged(String key, String value) {
    return sqlJobs.jobsTagged(key, value);
  }

  /**
   * The data of an operator connection Secret for this simulator: endpoint, projectId, accessKey,
   * secretKey and caBundle.
   */
  public Map<String, String> connectionSecretData() {
    return Map.of(
        "endpoint",
        url(),
        "projectId",
        config.projectId(),
        "accessKey",
        config.accessKey(),
        "secretKey",
        config.secretKey(),
        "caBundle",
        caPem());
  }

  /** The Spark batches whose name contains the text, oldest first, as {name: state}. */
  public Map<String, String> sparkBatchesNamed(String text) {
    return sparkBatches.batchesNamed(text);
  }

  /** The Flink jobs that carry this tag, oldest first, as {job ID: status}. */
  public Map<Long, String> flinkJobsTagged(String key, String value) {
    return flinkJobs.jobsTagged(key, value);
  }

  /**
   * Whether the Flink job took a savepoint when it was stopped; false when there is no such job.
   */
  public boolean flinkSavepointTaken(long jobId) {
    return flinkJobs.savepointTaken(jobId);
  }

  /**
   * The savepoints a Flink job was run again from (run with resume_savepoint), oldest first; empty
   * when there is no such job.
   */
  public List<String> flinkResumedFrom(long jobId) {
    return flinkJobs.resumedFrom(jobId);
  }

  /** The current DLI status of a SQL job, or null when there is no such job. */
  public String sqlJobStatus(String jobId) {
    return sqlJobs.statusOf(jobId);
  }

  /**
   * What a client needs to connect: {url, caFile, projectId, accessKey, secretKey, iamUser,
   * iamPassword, iamDomain}.
   */
  public Map<String, String> info(Path caFile) {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("url", url());
    info.put("caFile", caFile.toAbsolutePath().toString());
    info.put("projectId", config.projectId());
    info.put("accessKey", config.accessKey());
    info.put("secretKey", config.secretKey());
    info.put("iamUser", config.iamUser());
    info.put("iamPassword", config.iamPassword());
    info.put("iamDomain", config.iamDomain());
    return info;
  }

  /** Writes the certificate PEM to caFile and the info JSON to infoFile; returns the JSON. */
  public String writeInfo(Path infoFile, Path caFile) throws IOException {
    Files.writeString(caFile, caPem());
    String text = json.writeValueAsString(info(caFile));
    if (infoFile != null) {
      Files.writeString(infoFile, text);
    }
    return text;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    // when the request came in, as a gateway counts it, not when it was answered
    Instant received = clock.instant();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (path.startsWith("/_sim/")) {
      respond(exchange, admin(method, path, body));
      return;
    }
    String journalPath = query == null ? path : path + "?" + query;
    Answer answer;
    try {
      Optional<FaultRule> fault = faults.pick(method, path);
      if (fault.isPresent() && fault.get().type() == FaultRule.Type.latency) {
        Faults.sleep(fault.get().latencyMillis() == null ? 1000 : fault.get().latencyMillis());
        fault = Optional.empty();
      }
      if (fault.isPresent() && fault.get().type() == FaultRule.Type.drop) {
        journal.record(method, journalPath, 0, received);
        // An exception out of the handler makes the JDK server close the connection without an
        // answer.
        throw new IOException("simulated dropped connection");
      }
      if (fault.isPresent() && fault.get().type() == FaultRule.Type.successStatus) {
        Answer done = authenticateAndHandle(exchange, method, path, query, body);
        int status = fault.get().status() == null ? 202 : fault.get().status();
        answer = done.status() == 200 ? new Answer(status, done.headers(), done.body()) : done;
      } else {
        answer =
            fault
                .map(this::faultAnswer)
                .orElseGet(() -> authenticateAndHandle(exchange, method, path, query, body));
      }
    } catch (ApiError e) {
      answer = errorAnswer(e);
    } catch (RuntimeException e) {
      log.warn("simulator failure on {} {}", method, path, e);
      answer = errorAnswer(new ApiError(500, "DLI.0999", "simulator failure: " + e.getMessage()));
    }
    journal.record(method, journalPath, answer.status(), received);
    respond(exchange, answer);
  }

  private Answer authenticateAndHandle(
      HttpExchange exchange, String method, String path, String query, byte[] body) {
    Request request = new Request(json, query, body);
    if (method.equals("POST") && path.equals(IamApi.TOKENS)) {
      return iam.issueToken(request);
    }
    Instant now = clock.instant();
    String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (token != null) {
      tokens.check(token, now);
    } else if (authorization != null) {
      GatewaySignature.Parsed parsed = GatewaySignature.parse(authorization);
      if (!parsed.accessKey().equals(config.accessKey())) {
        throw ApiError.gatewayAuth(
            "verify aksk signature fail, the access key " + parsed.accessKey() + " does not exist");
      }
      GatewaySignature.verify(
          parsed,
          config.secretKey(),
          method,
          path,
          query,
          name -> exchange.getRequestHeaders().getFirst(name),
          body,
          now);
    } else {
      throw ApiError.gatewayAuth("x-auth-token not found");
    }
    GatewayRateLimit limit = rateLimit;
    if (limit != null) {
      // Per user: tokens all belong to the simulated IAM user, AK/SK to its access key.
      limit.admit(token != null ? config.iamUser() : config.accessKey(), now);
    }
    return router.handle(method, path, request);
  }

  private Answer faultAnswer(FaultRule rule) {
    return switch (rule.type()) {
      case error -> {
        int status = rule.status() == null ? 500 : rule.status();
        yield errorAnswer(new ApiError(status, "APIGW.0201", "simulated server error " + status));
      }
      case throttle -> {
        Answer throttled =
            errorAnswer(
                new ApiError(
                    429,
                    "APIGW.0308",
                    "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second"));
        yield rule.retryAfterSeconds() == null
            ? throttled
            : new Answer(
                429, Map.of("Retry-After", rule.retryAfterSeconds().toString()), throttled.body());
      }
      case notSuccess ->
          Answer.ok(
              json.createObjectNode()
                  .put("is_success", false)
                  .put("message", "simulated failure: the request was not carried out"));
      case truncated -> new Answer(200, Map.of(), null);
      default -> throw new IllegalStateException("not an answer fault: " + rule.type());
    };
  }

  private Answer errorAnswer(ApiError e) {
    ObjectNode body =
        json.createObjectNode().put("error_code", e.code).put("error_msg", e.getMessage());
    if (e.code.startsWith("APIGW")) {
      body.put("request_id", Long.toHexString(Double.doubleToLongBits(Math.random())));
    }
    return new Answer(e.status, Map.of(), body);
  }

  private Answer admin(String method, String path, byte[] body) {
    try {
      switch (method + " " + path) {
        case "GET /_sim/journal" -> {
          ArrayNode entries = json.createArrayNode();
          journal
              .entries()
              .forEach(
                  e ->
                      entries
                          .addObject()
                          .put("method", e.method())
                          .put("path", e.path())
                          .put("status", e.status())
                          .put("time", e.time().toString()));
          return Answer.ok(entries);
        }
        case "DELETE /_sim/journal" -> journal.clear();
        case "GET /_sim/faults" -> {
          return Answer.ok(json.valueToTree(faults.rules()));
        }
        case "PUT /_sim/faults" ->
            faults.set(json.readValue(body, new TypeReference<List<FaultRule>>() {}));
        case "POST /_sim/faults" -> faults.add(json.readValue(body, FaultRule.class));
        case "DELETE /_sim/faults" -> faults.clear();
        case "POST /_sim/tokens/revoke" -> tokens.revokeAll();
        case "GET /_sim/jobs" -> {
          return Answer.ok(sqlJobs.jobsView());
        }
        default -> {
          return errorAnswer(
              new ApiError(404, "SIM.0404", "no admin endpoint " + method + " " + path));
        }
      }
      return Answer.ok(json.createObjectNode().put("ok", true));
    } catch (IOException | IllegalArgumentException e) {
      return errorAnswer(new ApiError(400, "SIM.0400", "bad admin request: " + e.getMessage()));
    }
  }

  private void respond(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = answer.body() == null ? TRUNCATED_BODY : json.writeValueAsBytes(answer.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
