package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints of one DLI API, each under {@code /{version}/{project_id}/...}, and what they all
 * answer with: the JSON mapper, the configuration, the clock and the faults in force.
 */
abstract class DliEndpoints {
  /** An endpoint: its method, its path (the first group is the project ID) and its answer. */
  record Endpoint(String method, Pattern path, BiFunction<Matcher, Request, Answer> answer) {}

  protected final ObjectMapper json;
  protected final SimulatorConfig config;
  protected final Clock clock;
  protected final Faults faults;

  DliEndpoints(ObjectMapper json, SimulatorConfig config, Clock clock, Faults faults) {
    this.json = json;
    this.config = config;
    this.clock = clock;
    this.faults = faults;
  }

  /** The endpoints, in the order a request's path is tried against them. */
  protected abstract List<Endpoint> endpoints();

  /**
   * The answer of the first endpoint the request names (or its ApiError), once its project was
   * checked; empty when the request names none of them.
   */
  Optional<Answer> handle(String method, String path, Request request) {
    for (Endpoint endpoint : endpoints()) {
      Matcher m = endpoint.path().matcher(path);
      if (endpoint.method().equals(method) && m.matches()) {
        checkProject(m.group(1));
        return Optional.of(endpoint.answer().apply(m, request));
      }
    }
    return Optional.empty();
  }

  /** The simulator serves one project: a path that names another is refused, as IAM would. */
  protected void checkProject(String projectId) {
    if (!config.projectId().equals(projectId)) {
      throw new ApiError(
          403,
          "APIGW.0302",
          "The IAM user is not authorized to access the API: unknown project " + projectId);
    }
  }
}
