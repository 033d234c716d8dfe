package dev.operator.dli.simulator;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a job steers its own outcome in tests: a comment {@code /* sim: run 2s * /} keeps it RUNNING
 * for that long, {@code /* sim: fail after 500ms * /} makes it FAILED after that long, and {@code
 * /* sim: fail at submit * /} makes a Flink job fail while it is being submitted; {@code /* sim:
 * start after 1h * /} keeps a Flink job job_submitting that long after each run.
 *
 * @param runFor how long the job runs; null: until stopped (Flink jobs without a directive)
 */
record Directive(Duration runFor, boolean fails, boolean failsAtSubmit) {
  private static final Pattern SIM =
      Pattern.compile("/\\*\\s*sim:\\s*(run|fail after|fail at submit)\\s*(\\S*)\\s*\\*/");
  private static final Pattern START =
      Pattern.compile("/\\*\\s*sim:\\s*start after\\s*(\\S*)\\s*\\*/");

  static Directive runs(Duration runFor) {
    return new Directive(runFor, false, false);
  }

  /** The same run, ending failed (the {@code failRun} fault). */
  Directive failing() {
    return new Directive(runFor, true, failsAtSubmit);
  }

  /** The directive in a request's text, or {@code otherwise}; a malformed one is a 400. */
  static Directive inRequest(String text, Directive otherwise) {
    try {
      return find(text).orElse(otherwise);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  /**
   * How long a Flink job stays job_submitting after its run, when its text says {@code /* sim:
   * start after 1h * /} (a queue without room); a malformed one is a 400.
   */
  static Optional<Duration> startAfter(String text) {
    Matcher m = text == null ? null : START.matcher(text);
    if (m == null || !m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DurationText.parse(m.group(1)));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  static Optional<Directive> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SIM.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    if (m.group(1).equals("fail at submit")) {
      return Optional.of(new Directive(Duration.ZERO, true, true));
    }
    return Optional.of(
        new Directive(DurationText.parse(m.group(2)), m.group(1).startsWith("fail"), false));
  }
}
