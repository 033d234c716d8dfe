package dev.operator.dli.client;

import java.time.Duration;

/** A token bucket that protects DLI from one connection's bursts: callers wait for a permit. */
public final class RateLimiter {
  private final double permitsPerSecond;
  private final double burst;
  private double available;
  private long refilledAt = System.nanoTime();

  public RateLimiter(double permitsPerSecond, int burst) {
    if (permitsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be positive and burst at least 1");
    }
    this.permitsPerSecond = permitsPerSecond;
    this.burst = burst;
    this.available = burst;
  }

  public void acquire() throws InterruptedException {
    Duration wait;
    while (!(wait = tryAcquire()).isZero()) {
      Thread.sleep(Math.max(1, wait.toMillis()));
    }
  }

  /** Takes a permit and returns zero, or returns how long until one is there. */
  synchronized Duration tryAcquire() {
    long now = System.nanoTime();
    available = Math.min(burst, available + (now - refilledAt) / 1e9 * permitsPerSecond);
    refilledAt = now;
    if (available >= 1) {
      available -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) ((1 - available) / permitsPerSecond * 1e9));
  }
}
