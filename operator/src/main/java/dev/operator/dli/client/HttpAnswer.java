package dev.operator.dli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.client.wire.ErrorBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** An HTTP answer read whole, and how it turns into a {@link DliException}. */
record HttpAnswer(int status, Map<String, String> headers, byte[] body) {
  private static final int MAX_SHOWN_BODY = 200;

  String header(String name) {
    return headers.get(name.toLowerCase());
  }

  /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
  Duration retryAfter() {
    String value = header("Retry-After");
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        Duration until =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  DliException toException(ObjectMapper json, boolean addressesJob) {
    String code = null;
    String message = null;
    String requestId = header("X-Request-Id");
    try {
      ErrorBody error = json.readValue(body, ErrorBody.class);
      code = error.errorCode();
      message = error.text();
      if (error.requestId() != null) {
        requestId = error.requestId();
      }
    } catch (IOException | RuntimeException notJson) {
      message = "unreadable error body: " + preview(body);
    }
    if (message == null || message.isBlank()) {
      message = "no error message in the answer";
    }
    return new DliException(
        ErrorClass.of(status, code, addressesJob), status, code, message, requestId, null);
  }

  static String preview(byte[] body) {
    if (body.length == 0) {
      return "(empty)";
    }
    String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    return text.length() > MAX_SHOWN_BODY ? text.substring(0, MAX_SHOWN_BODY) + "..." : text;
  }
}
