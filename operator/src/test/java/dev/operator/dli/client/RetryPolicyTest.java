package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30));

  @ParameterizedTest(name = "attempt {0}, jitter {1} -> {2} ms")
  @CsvSource({
    "1, 0.0, 100",
    "1, 0.999, 199",
    "2, 0.0, 200",
    "3, 0.5, 600",
    "4, 0.0, 800",
    "5, 0.0, 1000",
    "6, 0.999, 1999",
    "40, 0.0, 1000"
  })
  void backsOffExponentiallyWithJitterUpToTheCap(int attempt, double jitter, long expectedMillis) {
    assertThat(policy.delayAfter(attempt, null, () -> jitter))
        .isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void retryAfterWinsButIsCapped() {
    assertThat(policy.delayAfter(1, Duration.ofSeconds(7), () -> 0.5))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(policy.delayAfter(1, Duration.ofMinutes(5), () -> 0.5))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
