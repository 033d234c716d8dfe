package dev.operator.dli.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
  @ParameterizedTest(name = "{0} in {1} at {2}: latest {3}, next {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        "*/15 * * * *, UTC, 2026-03-29T10:07:00Z, 2026-03-29T10:00:00Z, 2026-03-29T10:15:00Z",
        "*/15 * * * *, UTC, 2026-03-29T10:15:00Z, 2026-03-29T10:15:00Z, 2026-03-29T10:30:00Z",
        "0 9 * * 1-5, UTC, 2026-03-29T12:00:00Z, 2026-03-27T09:00:00Z, 2026-03-30T09:00:00Z",
        // day-of-month and day-of-week both restricted: either matches (as batch/v1)
        "0 0 1 * 1, UTC, 2026-03-29T12:00:00Z, 2026-03-23T00:00:00Z, 2026-03-30T00:00:00Z",
        "@daily, UTC, 2026-03-29T12:00:00Z, 2026-03-29T00:00:00Z, 2026-03-30T00:00:00Z",
        "@hourly, Asia/Kolkata, 2026-03-29T12:10:00Z, 2026-03-29T11:30:00Z, 2026-03-29T12:30:00Z",
        "@weekly, UTC, 2026-03-31T00:00:00Z, 2026-03-29T00:00:00Z, 2026-04-05T00:00:00Z",
        "@monthly, Europe/Berlin, 2026-03-15T00:00:00Z, 2026-02-28T23:00:00Z, 2026-03-31T22:00:00Z",
        "@yearly, UTC, 2026-03-15T00:00:00Z, 2026-01-01T00:00:00Z, 2027-01-01T00:00:00Z",
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z); 02:30 does not exist and
        // runs at the jump
        "30 2 * * *, Europe/Berlin, 2026-03-28T23:00:00Z, 2026-03-28T01:30:00Z, 2026-03-29T01:00:00Z",
        "30 2 * * *, Europe/Berlin, 2026-03-29T02:00:00Z, 2026-03-29T01:00:00Z, 2026-03-30T00:30:00Z",
        // the slots in the gap and the one at the jump are one run
        "*/30 * * * *, Europe/Berlin, 2026-03-29T00:45:00Z, 2026-03-29T00:30:00Z, 2026-03-29T01:00:00Z",
        "*/30 * * * *, Europe/Berlin, 2026-03-29T01:00:00Z, 2026-03-29T01:00:00Z, 2026-03-29T01:30:00Z",
        // Berlin, 2026-10-25: 03:00 CEST goes back to 02:00 CET (01:00Z); 02:30 happens twice
        // and runs the first time only
        "30 2 * * *, Europe/Berlin, 2026-10-25T00:40:00Z, 2026-10-25T00:30:00Z, 2026-10-26T01:30:00Z",
        "30 2 * * *, Europe/Berlin, 2026-10-25T01:40:00Z, 2026-10-25T00:30:00Z, 2026-10-26T01:30:00Z",
        // in the repeated hour, its slots ran already: the latest is the first pass's last one
        "*/30 * * * *, Europe/Berlin, 2026-10-25T01:10:00Z, 2026-10-25T00:30:00Z, 2026-10-25T02:00:00Z",
        "*/30 * * * *, Europe/Berlin, 2026-10-25T00:50:00Z, 2026-10-25T00:30:00Z, 2026-10-25T02:00:00Z",
        "0 0 30 2 *, UTC, 2026-03-29T12:00:00Z, -, -",
      })
  void latestAndNextSlot(String schedule, String zone, Instant now, Instant latest, Instant next) {
    CronSchedule cron = CronSchedule.parse(schedule, zone);
    assertThat(cron.latestAtOrBefore(now)).isEqualTo(Optional.ofNullable(latest));
    assertThat(cron.nextAfter(now)).isEqualTo(Optional.ofNullable(next));
  }

  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource({
    "TZ=Europe/Berlin 0 2 * * *, UTC, InvalidSchedule, spec.schedule",
    "* * * *, UTC, InvalidSchedule, spec.schedule",
    "61 * * * *, UTC, InvalidSchedule, spec.schedule",
    "@reboot, UTC, InvalidSchedule, spec.schedule",
    "0 2 * * *, Europe/Berln, InvalidTimeZone, spec.timeZone",
  })
  void refusesWhatItCannotEvaluateNamingTheField(
      String schedule, String zone, String reason, String field) {
    assertThatThrownBy(() -> CronSchedule.parse(schedule, zone))
        .isInstanceOfSatisfying(
            InvalidSchedule.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageStartingWith(field + ":");
  }

  @Test
  void countsTheSlotsStrictlyBetweenUpToTheCap() {
    CronSchedule hourly = CronSchedule.parse("@hourly", "UTC");
    Instant from = Instant.parse("2026-03-29T00:00:00Z");
    assertThat(hourly.countBetween(from, Instant.parse("2026-03-29T10:00:00Z"), 100)).isEqualTo(9);
    assertThat(hourly.countBetween(from, Instant.parse("2027-03-29T10:00:00Z"), 100))
        .isEqualTo(100);
  }

  @Test
  void theLatestOfAYearOfMinutesIsFoundDirectly() {
    CronSchedule everyMinute = CronSchedule.parse("* * * * *", "UTC");
    assertThat(everyMinute.latestAtOrBefore(Instant.parse("2027-03-29T10:00:30Z")))
        .contains(Instant.parse("2027-03-29T10:00:00Z"));
  }
}
