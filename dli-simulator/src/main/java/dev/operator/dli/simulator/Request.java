package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** A request's query and body, read only when an endpoint asks for them. */
final class Request {
  private final ObjectMapper json;
  private final String rawQuery;
  private final byte[] body;

  Request(ObjectMapper json, String rawQuery, byte[] body) {
    this.json = json;
    this.rawQuery = rawQuery;
    this.body = body;
  }

  QueryParams query() {
    return QueryParams.parse(rawQuery);
  }

  /** The body as a JSON object; anything else is the request's error (400). */
  ObjectNode jsonBody() {
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
}
