package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A DLI job tag. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Tag(String key, String value) {}
