package dev.operator.dli.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's query parameters, decoded; a value out of its range is the request's error (400). */
final class QueryParams {
  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  static QueryParams parse(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String part : rawQuery.split("&")) {
        if (!part.isEmpty()) {
          String[] kv = part.split("=", 2);
          values.put(
              URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
      }
    }
    return new QueryParams(values);
  }

  /** The value, or null when the parameter is absent. */
  String get(String name) {
    return values.get(name);
  }

  String getOrDefault(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int intIn(String name, int fallback, int min, int max) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw ApiError.badRequest(name + " must be in [" + min + "," + max + "].");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be an integer.");
    }
  }

  /** Epoch milliseconds, 0 when the parameter is absent. */
  long epochMillis(String name) {
    try {
      return Long.parseLong(values.getOrDefault(name, "0"));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be epoch milliseconds.");
    }
  }
}
