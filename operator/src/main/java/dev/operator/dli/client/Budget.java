package dev.operator.dli.client;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's request budget: a token bucket whose rate learns from the gateway. DLI's gateway
 * throttles per user and says what it applied ({@code limit:60,time:1 minute}); on such a 429 the
 * rate drops to that limit with headroom, on a 429 without numbers it halves, and after a quiet
 * minute it climbs back by a tenth towards the configured maximum. A connection that does not
 * answer pauses the budget for a growing while, so that one probe goes out at a time.
 *
 * <p>{@link #tryTake()} and {@link #untilPermit()} never wait; {@link #take()} waits on the calling
 * thread, for a client that paces its own calls.
 */
public final class Budget {
  private static final Logger log = LoggerFactory.getLogger(Budget.class);
  static final Duration QUIET = Duration.ofMinutes(1);
  static final double CLIMB = 1.1;
  static final double HEADROOM = 0.9;
  static final double MIN_RATE = 1.0 / 60;
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  /**
   * The bucket holds one permit, no burst: a gateway counts requests per window, and a bucket of a
   * second's worth let 20 requests through in one second at 10/s. Any T seconds now see at most 1 +
   * rate × T requests.
   */
  private static final double DEPTH = 1;

  private static final Pattern STATED =
      Pattern.compile(
          "limit:\\s*(\\d+)\\s*,\\s*time:\\s*(\\d*)\\s*(second|minute|hour|day)",
          Pattern.CASE_INSENSITIVE);

  private final String connection;
  private final double maxRate;
  private final LongSupplier nanos;
  private double rate;
  private double tokens;
  private long refilledAt;
  private long calmSince;
  private long pausedUntil;
  private int unansweredInARow;
  private int throttledInARow;

  /**
   * @param connection the connection's name, for the log
   * @param maxRate the configured requests per second, never exceeded
   * @param nanos a monotonic clock in nanoseconds (System::nanoTime; tests move their own)
   */
  public Budget(String connection, double maxRate, LongSupplier nanos) {
    if (maxRate <= 0) {
      throw new IllegalArgumentException("a budget needs a positive rate, not " + maxRate);
    }
    this.connection = connection;
    this.maxRate = maxRate;
    this.nanos = nanos;
    this.rate = maxRate;
    this.tokens = DEPTH;
    long now = nanos.getAsLong();
    this.refilledAt = now;
    this.calmSince = now;
    this.pausedUntil = now;
  }

  /** Requests per second allowed now. */
  public synchronized double rate() {
    climb(nanos.getAsLong());
    return rate;
  }

  /** Takes a permit and returns zero, or returns how long until one is there. */
  public synchronized Duration tryTake() {
    Duration wait = untilPermit();
    if (wait.isZero()) {
      tokens -= 1;
    }
    return wait;
  }

  /** Zero when a permit is there now (it is not taken), or how long until one is. */
  public synchronized Duration untilPermit() {
    long now = nanos.getAsLong();
    climb(now);
    refill(now);
    if (now < pausedUntil) {
      return Duration.ofNanos(pausedUntil - now);
    }
    if (tokens >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * 1e9));
  }

  /** Waits for a permit on the calling thread. */
  public void take() throws InterruptedException {
    for (Duration wait = tryTake(); !wait.isZero(); wait = tryTake()) {
      Thread.sleep(Math.max(1, wait.toMillis()));
    }
  }

  /**
   * The gateway answered 429: lower the rate to what it states (with headroom) or halve it, and
   * pause for its Retry-After when it sent one.
   */
  public synchronized void throttled(String gatewayMessage, Duration retryAfter) {
    long now = nanos.getAsLong();
    double stated = statedRate(gatewayMessage);
    double lowered = Double.isNaN(stated) ? rate / 2 : Math.min(rate, stated * HEADROOM);
    tokens = 0; // whatever permit we had, the gateway has spent it
    calmSince = now;
    change(Math.max(MIN_RATE, lowered), "the gateway throttled: " + gatewayMessage);
    // The gateway counts in fixed windows: a 429 right after another means this window is spent.
    // Wait twice as long after each one in a row, up to the window the gateway states, rather than
    // knocking at the rate all through it.
    throttledInARow++;
    double window = Double.isNaN(stated) ? MAX_PAUSE.toSeconds() : windowSeconds(gatewayMessage);
    double pause = Math.min(window, (1 / rate) * (1L << Math.min(throttledInARow - 1, 20)));
    if (retryAfter != null && !retryAfter.isNegative()) {
      pause = Math.max(pause, retryAfter.toNanos() / 1e9);
    }
    pausedUntil = Math.max(pausedUntil, now + (long) (pause * 1e9));
  }

  /** No answer came (refused, unreachable, timed out): pause, growing with each one in a row. */
  public synchronized void unanswered() {
    long now = nanos.getAsLong();
    unansweredInARow++;
    long pause =
        Math.min(
            MAX_PAUSE.toNanos(),
            Duration.ofSeconds(1).toNanos() << Math.min(unansweredInARow - 1, 10));
    pausedUntil = Math.max(pausedUntil, now + pause);
    tokens = 0;
  }

  /** An answer came: the connection is reachable again. */
  public synchronized void answered() {
    unansweredInARow = 0;
    throttledInARow = 0;
  }

  /** The rate per second a gateway message states ({@code limit:N,time:T unit}), or NaN. */
  static double statedRate(String message) {
    Matcher m = message == null ? null : STATED.matcher(message);
    if (m == null || !m.find()) {
      return Double.NaN;
    }
    double limit = Double.parseDouble(m.group(1));
    double window = windowSeconds(m);
    return limit > 0 && window > 0 ? limit / window : Double.NaN;
  }

  /** The window a gateway message states, in seconds ({@code time:5 minute} = 300). */
  private static double windowSeconds(String message) {
    Matcher m = STATED.matcher(message);
    return m.find() ? windowSeconds(m) : Double.NaN;
  }

  private static double windowSeconds(Matcher m) {
    double count = m.group(2).isEmpty() ? 1 : Double.parseDouble(m.group(2));
    double unit =
        switch (m.group(3).toLowerCase(Locale.ROOT)) {
          case "second" -> 1;
          case "minute" -> 60;
          case "hour" -> 3600;
          default -> 86400;
        };
    return count * unit;
  }

  private void climb(long now) {
    if (rate < maxRate && now - calmSince >= QUIET.toNanos()) {
      calmSince = now;
      change(Math.min(maxRate, rate * CLIMB), "quiet for " + QUIET.toSeconds() + " s");
    }
  }

  private void refill(long now) {
    tokens = Math.min(DEPTH, tokens + (now - refilledAt) / 1e9 * rate);
    refilledAt = now;
  }

  private void change(double next, String why) {
    if (next != rate) {
      log.info(
          "DLI connection {}: budget {} -> {} requests/s ({})",
          connection,
          String.format(Locale.ROOT, "%.3f", rate),
          String.format(Locale.ROOT, "%.3f", next),
          why);
      rate = next;
    }
  }
}
