package dev.operator.dli.client;

import java.time.Duration;

/**
 * Told of every HTTP exchange with DLI or IAM, for metrics. {@code status} 0 means no answer came.
 */
@FunctionalInterface
public interface CallListener {
  CallListener NONE = (method, status, took) -> {};

  void exchanged(String method, int status, Duration took);
}
