package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepPlanTest {
  @ParameterizedTest(name = "{0} jobs over {1} statuses: lists cost {2}, cheaper: {3}")
  @CsvSource({
    "1, 3, 3, false",
    "3, 3, 3, false",
    "4, 3, 3, true",
    "100, 3, 3, true",
    "101, 3, 4, true",
    "1000, 3, 12, true",
    "10000, 3, 102, true"
  })
  void listsOnlyWhenTheyCostFewerCallsThanOneReadAJob(
      int jobs, int statuses, int listCalls, boolean cheaper) {
    assertThat(SweepPlan.listCalls(jobs, statuses)).isEqualTo(listCalls);
    assertThat(SweepPlan.listsAreCheaper(jobs, statuses)).isEqualTo(cheaper);
  }

  @ParameterizedTest(name = "{1} calls at {2}/s -> pause {3} ms")
  @CsvSource({
    "2000, 3, 10, 2000",
    "2000, 12, 10, 2400",
    "2000, 12, 0.9, 26667",
    "2000, 0, 10, 2000",
    "200, 5, 100, 200"
  })
  void thePauseStretchesSoThatSweepsTakeAtMostHalfTheBudget(
      long baseMillis, int calls, double rate, long pauseMillis) {
    assertThat(SweepPlan.pause(Duration.ofMillis(baseMillis), calls, rate))
        .isEqualTo(Duration.ofMillis(pauseMillis));
  }
}
