package dev.operator.dli.schedule;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * A DliCronJob's schedule in its time zone: five-field cron as batch/v1 reads it (a restricted
 * day-of-month and day-of-week match either, 0 and 7 are Sunday) or an @-macro, parsed and
 * evaluated by cron-utils.
 *
 * <p>cron-utils evaluates the expression on the zone's wall clock (as if it were UTC, so it never
 * sees a daylight-saving change); this class maps each wall-clock slot to an instant, by two rules
 * chosen on purpose:
 *
 * <ul>
 *   <li>a slot that does not exist (the clock jumps forward over it: 02:30 on 2026-03-29 in
 *       Europe/Berlin) runs once, at the jump (03:00 CEST); several slots in the gap, and one at
 *       the jump itself, are that one run;
 *   <li>a slot that happens twice (the clock goes back: 02:30 on 2026-10-25 in Europe/Berlin) runs
 *       once, the first time (02:30 CEST); the repeated hour starts nothing.
 * </ul>
 *
 * So a daily job never runs twice or not at all on a change day, and every slot is a distinct
 * instant or none. The mapping never goes backwards in time, which the lookups below rely on.
 */
public final class CronSchedule {
  private static final CronParser PARSER = new CronParser(definition());

  private final ExecutionTime times;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime times, ZoneId zone) {
    this.times = times;
    this.zone = zone;
  }

  /**
   * @throws InvalidSchedule naming spec.schedule or spec.timeZone
   */
  public static CronSchedule parse(String schedule, String timeZone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new InvalidSchedule(
          "InvalidTimeZone",
          "spec.timeZone: unknown time zone \""
              + timeZone
              + "\"; use an IANA name such as Europe/Berlin or UTC");
    }
    try {
      return new CronSchedule(ExecutionTime.forCron(PARSER.parse(schedule.trim())), zone);
    } catch (IllegalArgumentException e) {
      throw new InvalidSchedule(
          "InvalidSchedule",
          "spec.schedule: \""
              + schedule
              + "\" is not a five-field cron (minute hour day-of-month month day-of-week) or"
              + " one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly: "
              + e.getMessage());
    }
  }

  public ZoneId zone() {
    return zone;
  }

  /** The most recent slot at or before this instant; empty when the schedule never fired. */
  public Optional<Instant> latestAtOrBefore(Instant now) {
    ZonedDateTime probe = wallClock(now).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Optional<ZonedDateTime> latest = times.lastExecution(probe);
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    // After the clock went back, later wall-clock slots of the repeated hour ran already.
    ZonedDateTime slot = latest.get();
    for (Optional<ZonedDateTime> next = times.nextExecution(slot);
        next.isPresent() && !instantOf(next.get()).isAfter(now);
        next = times.nextExecution(slot)) {
      slot = next.get();
    }
    return Optional.of(instantOf(slot));
  }

  /** The first slot after this instant; empty when the schedule never fires again. */
  public Optional<Instant> nextAfter(Instant after) {
    ZonedDateTime wall = wallClock(after);
    while (true) {
      Optional<ZonedDateTime> next = times.nextExecution(wall);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Instant at = instantOf(next.get());
      if (at.isAfter(after)) {
        return Optional.of(at);
      }
      wall = next.get();
    }
  }

  /**
   * How many slots lie strictly between the two instants, counting no further than {@code cap} (the
   * count only goes into a message; finding the latest slot never iterates).
   */
  public int countBetween(Instant after, Instant before, int cap) {
    int count = 0;
    for (Optional<Instant> slot = nextAfter(after);
        count < cap && slot.isPresent() && slot.get().isBefore(before);
        slot = nextAfter(slot.get())) {
      count++;
    }
    return count;
  }

  private ZonedDateTime wallClock(Instant at) {
    return LocalDateTime.ofInstant(at, zone).atZone(ZoneOffset.UTC);
  }

  private Instant instantOf(ZonedDateTime wallClock) {
    LocalDateTime local = wallClock.toLocalDateTime();
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) {
      return transition.getInstant();
    }
    // In an overlap ZonedDateTime.of takes the earlier offset: the first time the slot happens.
    return ZonedDateTime.of(local, zone).toInstant();
  }

  /** Unix crontab's fields and ranges, with the @-macros batch/v1 knows (not @reboot). */
  private static CronDefinition definition() {
    return CronDefinitionBuilder.defineCron()
        .withMinutes()
        .withValidRange(0, 59)
        .withStrictRange()
        .and()
        .withHours()
        .withValidRange(0, 23)
        .withStrictRange()
        .and()
        .withDayOfMonth()
        .withValidRange(1, 31)
        .withStrictRange()
        .and()
        .withMonth()
        .withValidRange(1, 12)
        .withStrictRange()
        .and()
        .withDayOfWeek()
        .withValidRange(0, 7)
        .withMondayDoWValue(1)
        .withIntMapping(7, 0)
        .withStrictRange()
        .and()
        .withSupportedNicknameYearly()
        .withSupportedNicknameAnnually()
        .withSupportedNicknameMonthly()
        .withSupportedNicknameWeekly()
        .withSupportedNicknameDaily()
        .withSupportedNicknameMidnight()
        .withSupportedNicknameHourly()
        .instance();
  }
}
