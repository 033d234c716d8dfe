package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IAM's token endpoint ({@code POST /v3/auth/tokens}, password method): the token comes back in
 * {@code X-Subject-Token}, a wrong user, password or domain gets IAM's 401.
 */
final class IamApi {
  static final String TOKENS = "/v3/auth/tokens";

  private final ObjectMapper json;
  private final SimulatorConfig config;
  private final Clock clock;
  private final IamTokens tokens;

  IamApi(ObjectMapper json, SimulatorConfig config, Clock clock, IamTokens tokens) {
    this.json = json;
    this.config = config;
    this.clock = clock;
    this.tokens = tokens;
  }

  Answer issueToken(Request request) {
    JsonNode auth = request.jsonBody().path("auth");
    JsonNode user = auth.path("identity").path("password").path("user");
    JsonNode project = auth.path("scope").path("project");
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
}
