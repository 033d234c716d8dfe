package dev.operator.dli.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run's slot inside its job: {@code ${scheduledTime}} becomes the slot in RFC 3339 in the
 * cron's zone, {@code ${scheduledDate}} its date there (yyyy-MM-dd), {@code $${} a literal {@code
 * ${}; any other {@code ${...}} is left alone (Spark and Hive have placeholders of their own).
 */
public final class Placeholders {
  private static final Pattern TOKEN =
      Pattern.compile("\\$\\$\\{|\\$\\{(scheduledTime|scheduledDate)}");

  private Placeholders() {}

  public static String apply(String text, Instant slot, ZoneId zone) {
    if (text == null) {
      return null;
    }
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          m.group(1) == null
              ? "${"
              : m.group(1).equals("scheduledTime") ? rfc3339(slot, zone) : date(slot, zone);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The slot in RFC 3339, in the zone, to the second: 2026-03-29T03:00:00+02:00. */
  public static String rfc3339(Instant slot, ZoneId zone) {
    return slot.truncatedTo(ChronoUnit.SECONDS)
        .atZone(zone)
        .toOffsetDateTime()
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static String date(Instant slot, ZoneId zone) {
    return slot.atZone(zone).toLocalDate().format(DateTimeFormatter.ISO_LOCAL_DATE);
  }
}
