package dev.operator.dli.client.wire;

/** The body fields most DLI answers share; {@code is_success} comes as a boolean or as a string. */
public interface DliResponse {
  Boolean isSuccess();

  String message();
}
