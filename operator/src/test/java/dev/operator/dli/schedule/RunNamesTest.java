package dev.operator.dli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunNamesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2026-03-29T01:00:00Z, nightly-29579100",
    "2026-03-29T01:00:59Z, nightly-29579100",
    "1970-01-01T00:01:00Z, nightly-1",
  })
  void aSlotsRunIsNamedByItsMinuteSinceTheEpoch(Instant slot, String name) {
    assertThat(RunNames.forSlot("nightly", slot)).isEqualTo(name);
  }

  @Test
  void oneRunNowValueIsOneNameAndAnotherValueAnother() {
    String first = RunNames.forRunNow("nightly", "2026-12-02T19:00");
    assertThat(first).matches("nightly-now-[0-9a-f]{6}");
    assertThat(RunNames.forRunNow("nightly", "2026-12-02T19:00")).isEqualTo(first);
    assertThat(RunNames.forRunNow("nightly", "2026-12-02T19:01")).isNotEqualTo(first);
    // sha256("x") starts with 2d711642
    assertThat(RunNames.forRunNow("n", "x")).isEqualTo("n-now-2d7116");
  }

  @Test
  void theLongestNamesStayWithinALabelValue() {
    String cron = "c".repeat(52);
    assertThat(RunNames.forSlot(cron, Instant.parse("2999-12-31T23:59:00Z"))).hasSizeLessThan(64);
    assertThat(RunNames.forRunNow(cron, "any")).hasSizeLessThan(64);
  }
}
