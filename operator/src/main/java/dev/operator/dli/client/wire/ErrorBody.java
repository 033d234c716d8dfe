package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** DLI's and the gateway's failure body; IAM's {"error": {"message"}} is read too. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(
    @JsonProperty("error_code") String errorCode,
    @JsonProperty("error_msg") String errorMsg,
    @JsonProperty("request_id") String requestId,
    @JsonProperty("message") String message,
    @JsonProperty("error") JsonNode error) {

  public String text() {
    if (errorMsg != null) {
      return errorMsg;
    }
    if (error != null && error.hasNonNull("message")) {
      return error.get("message").asText();
    }
    return message;
  }
}
