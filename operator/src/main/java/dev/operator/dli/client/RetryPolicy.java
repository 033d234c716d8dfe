package dev.operator.dli.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter for idempotent calls (GET, DELETE). A server's Retry-After
 * wins over the computed backoff, up to {@code maxRetryAfter}.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30));
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /**
   * @param attempt the attempt that just failed, from 1
   * @param retryAfter the server's Retry-After, or null
   * @param random a value in [0, 1) for the jitter
   */
  public Duration delayAfter(int attempt, Duration retryAfter, DoubleSupplier random) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }
    long capped =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
    // "Equal jitter": at least half the backoff, so retries never bunch up at zero.
    return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped / 2.0)));
  }
}
