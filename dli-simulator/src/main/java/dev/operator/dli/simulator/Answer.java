package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An answer: HTTP status, headers and a JSON body (null: the truncated fault's cut-off body). */
record Answer(int status, Map<String, String> headers, JsonNode body) {
  static Answer ok(JsonNode body) {
    return new Answer(200, Map.of(), body);
  }
}
