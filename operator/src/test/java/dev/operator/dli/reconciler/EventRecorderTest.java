package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00.999Z");

  @Test
  void namesOfOneSecondSortAsTheirMoments() {
    String first = EventRecorder.eventName("daily-report", AT.minusMillis(999));
    String second = EventRecorder.eventName("daily-report", AT.minusNanos(1000));
    String third = EventRecorder.eventName("daily-report", AT);

    assertThat(first).startsWith("daily-report.").isLessThan(second);
    assertThat(second).isLessThan(third);
  }

  @Test
  void aLongNameIsCutToAValidEventName() {
    String name = EventRecorder.eventName("a".repeat(235) + "-b" + "c".repeat(16), AT);

    assertThat(name).hasSizeLessThanOrEqualTo(253).matches("a{235}\\.[0-9a-f]+");
  }
}
