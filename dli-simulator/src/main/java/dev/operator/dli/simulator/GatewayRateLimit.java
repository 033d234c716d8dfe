package dev.operator.dli.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's per-user throttling: at most {@code limit} calls in each fixed window of {@code
 * window} for each user (access key, or IAM user for tokens); the next one is answered {@code 429
 * APIGW.0308} with the message real gateways send, e.g. {@code The throttling threshold has been
 * reached: policy user over ratelimit,limit:60,time:1 minute}.
 */
public final class GatewayRateLimit {
  private static final Pattern TEXT = Pattern.compile("(\\d+)/(\\d+)(s|m|h)");

  private final int limit;
  private final Duration window;
  private final String time;
  private final Map<String, long[]> windows = new HashMap<>(); // user -> {window start ms, calls}

  public GatewayRateLimit(int limit, Duration window, String time) {
    if (limit < 1 || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("a rate limit needs a positive limit and window");
    }
    this.limit = limit;
    this.window = window;
    this.time = time;
  }

  /** {@code 60/1m}, {@code 10/1s}, {@code 200/5m}: calls per window. */
  public static GatewayRateLimit parse(String text) {
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a rate limit: '" + text + "' (write it like 60/1m, 10/1s or 1000/1h)");
    }
    long n = Long.parseLong(m.group(2));
    String unit =
        switch (m.group(3)) {
          case "s" -> "second";
          case "m" -> "minute";
          default -> "hour";
        };
    Duration window = DurationText.parse(m.group(2) + m.group(3));
    return new GatewayRateLimit(Integer.parseInt(m.group(1)), window, n + " " + unit);
  }

  /** Counts the call; throws the gateway's 429 when the user has spent this window's calls. */
  synchronized void admit(String user, Instant now) {
    long nowMs = now.toEpochMilli();
    long[] current = windows.computeIfAbsent(user, u -> new long[] {nowMs, 0});
    if (nowMs - current[0] >= window.toMillis()) {
      current[0] = nowMs;
      current[1] = 0;
    }
    if (current[1] >= limit) {
      throw new ApiError(
          429,
          "APIGW.0308",
          "The throttling threshold has been reached: policy user over ratelimit,limit:"
              + limit
              + ",time:"
              + time);
    }
    current[1]++;
  }
}
