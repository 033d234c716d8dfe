package dev.operator.dli.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/** The text fields of a request's JSON body, where a JSON null counts as absent. */
final class RequestFields {
  private RequestFields() {}

  /** The field as text, or null when it is absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static String textOr(JsonNode node, String field, String fallback) {
    String value = text(node, field);
    return value == null ? fallback : value;
  }
}
