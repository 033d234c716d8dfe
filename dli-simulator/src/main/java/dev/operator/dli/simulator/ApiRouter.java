package dev.operator.dli.simulator;

import java.util.List;
import java.util.Optional;

/** Routes a request that got through the gateway to the DLI API whose endpoint it names. */
final class ApiRouter {
  private final List<DliEndpoints> apis;

  ApiRouter(List<DliEndpoints> apis) {
    this.apis = apis;
  }

  Answer handle(String method, String path, Request request) {
    for (DliEndpoints api : apis) {
      Optional<Answer> answer = api.handle(method, path, request);
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    throw ApiError.noSuchApi();
  }
}
