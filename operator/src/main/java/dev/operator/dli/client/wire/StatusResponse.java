package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A bare {is_success, message} answer, as a cancel gives. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusResponse(
    @JsonProperty("is_success") Boolean isSuccess, @JsonProperty("message") String message)
    implements DliResponse {}
