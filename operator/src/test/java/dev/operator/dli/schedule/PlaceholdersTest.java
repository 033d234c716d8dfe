package dev.operator.dli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {
  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "day = '${scheduledDate}' | UTC | day = '2026-03-29'",
        "at ${scheduledTime} | UTC | at 2026-03-29T01:00:00Z",
        "at ${scheduledTime} | Europe/Berlin | at 2026-03-29T03:00:00+02:00",
        // the date in the cron's zone, not in UTC
        "${scheduledDate} | America/New_York | 2026-03-28",
        "$${scheduledTime} stays | UTC | ${scheduledTime} stays",
        "${hivevar:day} and ${scheduledDate} | UTC | ${hivevar:day} and 2026-03-29",
        "cost $$ and ${ | UTC | cost $$ and ${",
        "$$$${scheduledDate} | UTC | $$${scheduledDate}",
        "${scheduledDate}${scheduledDate} | UTC | 2026-03-292026-03-29",
      })
  void replacesTheSlotAndLeavesTheRest(String text, String zone, String expected) {
    Instant slot = Instant.parse("2026-03-29T01:00:00Z");
    assertThat(Placeholders.apply(text, slot, ZoneId.of(zone))).isEqualTo(expected);
  }
}
