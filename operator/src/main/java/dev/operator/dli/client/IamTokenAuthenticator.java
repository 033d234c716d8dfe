package dev.operator.dli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project-scoped IAM token from {@code POST /v3/auth/tokens}, cached and fetched again before it
 * expires (a fifth of its life, at most 10 minutes, ahead) or after DLI answered 401.
 */
final class IamTokenAuthenticator implements RequestAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(IamTokenAuthenticator.class);
  private static final Duration MAX_REFRESH_MARGIN = Duration.ofMinutes(10);

  record PostRequest(URI uri, byte[] body) {}

  private final Credentials.IamPassword user;
  private final String projectId;

  /** Sends one POST with a JSON body; throws DliException(TRANSIENT) on I/O errors. */
  private final Function<PostRequest, HttpAnswer> poster;

  private final ObjectMapper json;
  private final Clock clock;
  private String token;
  private Instant refreshAfter = Instant.MIN;

  IamTokenAuthenticator(
      Credentials.IamPassword user,
      String projectId,
      Function<PostRequest, HttpAnswer> poster,
      ObjectMapper json,
      Clock clock) {
    this.user = user;
    this.projectId = projectId;
    this.poster = poster;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void authenticate(String method, URI uri, Map<String, String> headers, byte[] body) {
    headers.put("X-Auth-Token", currentToken());
  }

  @Override
  public synchronized boolean invalidate() {
    token = null;
    return true;
  }

  private synchronized String currentToken() {
    if (token == null || !clock.instant().isBefore(refreshAfter)) {
      fetch();
    }
    return token;
  }

  private void fetch() {
    URI tokens = user.iamEndpoint().resolve("/v3/auth/tokens?nocatalog=true");
    HttpAnswer answer = poster.apply(new PostRequest(tokens, requestBody()));
    if (answer.status() != 201 && answer.status() != 200) {
      DliException error = answer.toException(json, false);
      throw new DliException(
          error.errorClass(),
          error.httpStatus(),
          error.errorCode(),
          "IAM refused a token for user "
              + user.username()
              + " in domain "
              + user.domainName()
              + ": "
              + error.dliMessage(),
          error.requestId(),
          null);
    }
    String subjectToken = answer.header("X-Subject-Token");
    if (subjectToken == null || subjectToken.isBlank()) {
      throw new DliException(
          ErrorClass.PERMANENT,
          answer.status(),
          null,
          "IAM answered without an X-Subject-Token header",
          null,
          null);
    }
    Instant now = clock.instant();
    Instant expires = expiresAt(answer.body(), now);
    Duration life = Duration.between(now, expires);
    Duration margin =
        life.dividedBy(5).compareTo(MAX_REFRESH_MARGIN) > 0
            ? MAX_REFRESH_MARGIN
            : life.dividedBy(5);
    token = subjectToken;
    refreshAfter = expires.minus(margin);
    log.debug("IAM token for {} valid until {}", user.username(), expires);
  }

  private Instant expiresAt(byte[] body, Instant now) {
    try {
      JsonNode expires = json.readTree(body).path("token").path("expires_at");
      if (expires.isTextual()) {
        return Instant.parse(expires.asText());
      }
    } catch (IOException | DateTimeParseException e) {
      log.debug("IAM token answer without a readable expires_at: {}", e.getMessage());
    }
    return now.plus(
        Duration.ofHours(1)); // unknown: assume a short life rather than IAM's usual 24 h
  }

  private byte[] requestBody() {
    ObjectNode root = json.createObjectNode();
    ObjectNode auth = root.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    identity
        .putObject("password")
        .putObject("user")
        .put("name", user.username())
        .put("password", user.password())
        .putObject("domain")
        .put("name", user.domainName());
    auth.putObject("scope").putObject("project").put("id", projectId);
    try {
      return json.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
