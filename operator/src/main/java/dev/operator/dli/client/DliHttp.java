package dev.operator.dli.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.client.wire.DliResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's HTTP plumbing: authentication, rate limit, error mapping and retries. Idempotent
 * calls retry transient errors; a POST never does (only a 401 that a fresh token may cure is tried
 * again). Every request takes a permit of the budget: its own, or, when the caller paces the calls,
 * the caller's for the first and one of its own for the retry after a 401.
 */
final class DliHttp {
  private static final Logger log = LoggerFactory.getLogger(DliHttp.class);

  /**
   * What to send. {@code addressesJob}: an "object does not exist" answer then means the job is
   * gone.
   */
  record Call(
      String method, String path, Map<String, String> query, Object body, boolean addressesJob) {
    boolean idempotent() {
      return !method.equals("POST");
    }
  }

  private final DliConnection connection;
  private final OkHttpClient http;
  private final ObjectMapper json;
  private final RequestAuthenticator authenticator;
  private final Budget budget;
  private final CallListener listener;

  /**
   * @param http the connection's client, on pools it may share with other connections
   */
  DliHttp(DliConnection connection, OkHttpClient http, Clock clock, CallListener listener) {
    this.connection = connection;
    this.listener = listener;
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.http = http;
    this.budget = new Budget(connection.name(), connection.requestsPerSecond(), System::nanoTime);
    if (connection.credentials() instanceof Credentials.AkSk keys) {
      this.authenticator = new AkSkAuthenticator(keys, clock);
    } else {
      this.authenticator =
          new IamTokenAuthenticator(
              (Credentials.IamPassword) connection.credentials(),
              connection.projectId(),
              post ->
                  send(
                      "POST",
                      post.uri(),
                      Map.of("Content-Type", "application/json;charset=utf8"),
                      post.body()),
              json,
              clock);
    }
  }

  ObjectMapper json() {
    return json;
  }

  Budget budget() {
    return budget;
  }

  /** A parsed 2xx answer with its HTTP status. */
  record Answered<T>(int status, T body) {}

  <T> T call(Call call, Class<T> type) {
    return answered(call, type).body();
  }

  <T> Answered<T> answered(Call call, Class<T> type) {
    byte[] body = call.body() == null ? null : toJson(call.body());
    URI uri =
        URI.create(
            stripTrailingSlash(connection.endpoint().toString())
                + call.path()
                + query(call.query()));
    RetryPolicy policy = call.idempotent() ? connection.retryPolicy() : RetryPolicy.NONE;
    boolean reauthenticated = false;
    for (int attempt = 1; ; attempt++) {
      DliException failure;
      Duration retryAfter = null;
      try {
        HttpAnswer answer = sendAuthenticated(call.method(), uri, body);
        if (answer.status() != 429) {
          budget.answered();
        }
        if (answer.status() / 100 == 2) {
          return new Answered<>(answer.status(), parse(answer, type));
        }
        failure = answer.toException(json, call.addressesJob());
        retryAfter = answer.retryAfter();
        if (answer.status() == 429) {
          budget.throttled(failure.dliMessage(), retryAfter);
        }
      } catch (DliException e) {
        failure = e;
        if (e.unanswered()) {
          budget.unanswered();
        }
      }
      if (failure.httpStatus() == 401 && !reauthenticated && authenticator.invalidate()) {
        reauthenticated = true;
        if (connection.pacedByCaller() && !budget.tryTake().isZero()) {
          // The caller's permit paid for the refused request; the one with a fresh token needs
          // its own, and without one now the caller sends it again, paced as any other.
          throw DliException.beforeSending(
              new DliException(
                  ErrorClass.TRANSIENT,
                  failure.httpStatus(),
                  failure.errorCode(),
                  "DLI refused the IAM token; the request goes again with a fresh one",
                  failure.requestId(),
                  null));
        }
        attempt--;
        continue;
      }
      if (failure.errorClass() != ErrorClass.TRANSIENT || attempt >= policy.maxAttempts()) {
        throw failure;
      }
      Duration delay =
          policy.delayAfter(attempt, retryAfter, ThreadLocalRandom.current()::nextDouble);
      log.debug(
          "DLI {} {} failed ({}), retry {} in {} ms",
          call.method(),
          call.path(),
          failure.getMessage(),
          attempt,
          delay.toMillis());
      sleep(delay);
    }
  }

  private HttpAnswer sendAuthenticated(String method, URI uri, byte[] body) {
    if (!connection.pacedByCaller()) {
      try {
        budget.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw DliException.beforeSending(
            new DliException(
                ErrorClass.TRANSIENT,
                0,
                null,
                "interrupted while waiting for the DLI request budget",
                null,
                e));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", hostHeader(uri));
    headers.put("X-Project-Id", connection.projectId());
    try {
      authenticator.authenticate(method, uri, headers, body);
    } catch (DliException e) {
      throw DliException.beforeSending(e); // e.g. no IAM token: DLI never saw the request
    }
    // Added after signing: like the official SDK, we do not sign Content-Type.
    headers.put("Content-Type", "application/json");
    return send(method, uri, headers, body);
  }

  private HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body) {
    Request.Builder request = new Request.Builder().url(uri.toString());
    headers.forEach(request::header);
    // No media type here, so that okhttp sends exactly the Content-Type header above.
    request.method(
        method,
        body == null
            ? (method.equals("POST") ? RequestBody.create(new byte[0], null) : null)
            : RequestBody.create(body, null));
    long started = System.nanoTime();
    try (Response response = http.newCall(request.build()).execute()) {
      ResponseBody responseBody = response.body();
      byte[] bytes = responseBody == null ? new byte[0] : responseBody.bytes();
      Map<String, String> responseHeaders = new HashMap<>();
      response
          .headers()
          .names()
          .forEach(n -> responseHeaders.put(n.toLowerCase(), response.header(n)));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      log.debug(
          "DLI {} {} -> {} in {} ms", method, uri.getRawPath(), response.code(), took.toMillis());
      listener.exchanged(method, response.code(), took);
      return new HttpAnswer(response.code(), responseHeaders, bytes);
    } catch (IOException e) {
      listener.exchanged(method, 0, Duration.ofNanos(System.nanoTime() - started));
      throw noAnswer(method, uri, e);
    }
  }

  private static DliException noAnswer(String method, URI uri, IOException e) {
    if (e instanceof SSLException) {
      // A certificate DLI's endpoint does not prove: only a configuration change (caBundle) helps.
      return new DliException(
          ErrorClass.AUTH,
          0,
          null,
          "TLS with "
              + uri.getHost()
              + " failed ("
              + e.getMessage()
              + "); if the endpoint uses a private CA, put it in the connection's caBundle",
          null,
          e);
    }
    if (e instanceof InterruptedIOException) {
      return new DliException(
          ErrorClass.TRANSIENT,
          0,
          null,
          "DLI did not answer " + method + " " + uri.getRawPath() + " in time: " + e.getMessage(),
          null,
          e);
    }
    return new DliException(
        ErrorClass.TRANSIENT,
        0,
        null,
        "cannot reach DLI for " + method + " " + uri.getRawPath() + ": " + e.getMessage(),
        null,
        e);
  }

  private <T> T parse(HttpAnswer answer, Class<T> type) {
    T value;
    try {
      value = json.readValue(answer.body(), type);
    } catch (IOException e) {
      throw new DliException(
          ErrorClass.TRANSIENT,
          answer.status(),
          null,
          "DLI answered HTTP "
              + answer.status()
              + " with a body that is not the expected JSON ("
              + e.getClass().getSimpleName()
              + "): "
              + HttpAnswer.preview(answer.body()),
          answer.header("X-Request-Id"),
          null);
    }
    if (value == null) {
      throw new DliException(
          ErrorClass.TRANSIENT,
          answer.status(),
          null,
          "DLI answered HTTP " + answer.status() + " with an empty body",
          answer.header("X-Request-Id"),
          null);
    }
    if (value instanceof DliResponse r && Boolean.FALSE.equals(r.isSuccess())) {
      String message =
          r.message() == null || r.message().isBlank()
              ? "DLI answered is_success=false"
              : r.message();
      throw new DliException(
          ErrorClass.PERMANENT,
          answer.status(),
          null,
          message,
          answer.header("X-Request-Id"),
          null);
    }
    return value;
  }

  private byte[] toJson(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request body as JSON", e);
    }
  }

  /**
   * The query as it goes on the wire, each name and value percent-encoded the way the signer
   * encodes them.
   */
  static String query(Map<String, String> params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    StringBuilder query = new StringBuilder("?");
    params.forEach(
        (name, value) ->
            query
                .append(query.length() > 1 ? "&" : "")
                .append(AkSkSigner.percentEncode(name))
                .append('=')
                .append(AkSkSigner.percentEncode(value)));
    return query.toString();
  }

  static String hostHeader(URI uri) {
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
            || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
    String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
    return defaultPort ? host : host + ":" + port;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DliException(
          ErrorClass.TRANSIENT, 0, null, "interrupted while waiting to retry", null, e);
    }
  }
}
