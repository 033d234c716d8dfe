package dev.operator.dli.simulator;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a job steers its own outcome in tests: a comment {@code /* sim: run 2s * /} keeps it RUNNING
 * for that long, {@code /* sim: fail after 500ms * /} makes it FAILED after that long.
 */
record Directive(Duration runFor, boolean fails) {
  private static final Pattern SIM =
      Pattern.compile("/\\*\\s*sim:\\s*(run|fail after)\\s+(\\S+)\\s*\\*/");

  static Optional<Directive> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SIM.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new Directive(DurationText.parse(m.group(2)), m.group(1).startsWith("fail")));
  }
}
