package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The connection's budget on a clock the test moves. */
class BudgetTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Budget budget = new Budget("test", 10, nanos::get);

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  /** Takes every permit there is now; returns how many. */
  private int drain() {
    int taken = 0;
    while (budget.tryTake().isZero()) {
      taken++;
    }
    return taken;
  }

  @Test
  void onePermitAtATimeSoThatNoWindowSeesMoreThanTheRate() {
    assertThat(drain()).isEqualTo(1);
    assertThat(budget.tryTake()).isEqualTo(Duration.ofMillis(100));
    advance(Duration.ofMillis(100));
    assertThat(budget.tryTake()).isZero();
    advance(Duration.ofSeconds(5));
    assertThat(drain()).as("an idle budget saves no burst").isEqualTo(1);
    int inASecond = 1; // the one just taken
    for (int step = 0; step < 20; step++) {
      advance(Duration.ofMillis(50));
      inASecond += drain();
    }
    assertThat(inASecond).as("1 + rate × 1 s").isEqualTo(11);
  }

  static Stream<Arguments> gatewayMessages() {
    return Stream.of(
        Arguments.of(
            "The throttling threshold has been reached: policy user over ratelimit,limit:60,time:1 minute",
            0.9),
        Arguments.of("policy user over ratelimit,limit:10,time:1 second", 9.0),
        Arguments.of("policy user over ratelimit,limit:200,time:5 minute", 0.6),
        Arguments.of("policy domain over ratelimit,limit:1000,time:1 day", 1000 * 0.9 / 86400),
        Arguments.of("policy ip over ratelimit,limit:5,time:1 Minute", 0.075),
        Arguments.of("The throttling threshold has been reached", 5.0),
        Arguments.of(null, 5.0));
  }

  @ParameterizedTest(name = "{0} -> {1}/s")
  @MethodSource("gatewayMessages")
  void a429DropsTheRateToWhatTheGatewayStatesWithHeadroomOrHalvesIt(String message, double rate) {
    budget.throttled(message, null);
    assertThat(budget.rate()).isCloseTo(Math.max(rate, Budget.MIN_RATE), within(1e-9));
    assertThat(budget.tryTake()).as("the permit is spent").isPositive();
  }

  @Test
  void aStatedLimitAboveTheCurrentRateDoesNotRaiseIt() {
    budget.throttled("no numbers", null);
    budget.throttled("limit:60,time:1 second", null);
    assertThat(budget.rate()).isEqualTo(5.0);
  }

  @Test
  void retryAfterPausesTheBudget() {
    budget.throttled("limit:60,time:1 second", Duration.ofSeconds(3));
    assertThat(budget.tryTake()).isEqualTo(Duration.ofSeconds(3));
    advance(Duration.ofSeconds(3));
    assertThat(budget.tryTake()).isZero();
  }

  @Test
  void each429InARowWaitsTwiceAsLongUpToTheStatedWindow() {
    String message = "policy user over ratelimit,limit:60,time:1 minute";
    budget.throttled(message, null);
    assertThat(budget.tryTake().toMillis())
        .as("one permit's time at 0.9/s")
        .isCloseTo(1111, within(2L));
    advance(Duration.ofMillis(1112));
    budget.throttled(message, null);
    assertThat(budget.tryTake().toMillis()).isCloseTo(2222, within(2L));
    for (int i = 0; i < 10; i++) {
      budget.throttled(message, null);
    }
    assertThat(budget.tryTake())
        .as("never longer than the gateway's window")
        .isEqualTo(Duration.ofMinutes(1));
    advance(Duration.ofMinutes(1));
    budget.answered();
    budget.throttled(message, null);
    assertThat(budget.tryTake().toMillis())
        .as("an answer starts the count over")
        .isCloseTo(1111, within(2L));
  }

  @Test
  void afterAQuietMinuteItClimbsBackByATenthUpToTheMaximum() {
    budget.throttled("limit:60,time:1 minute", null);
    advance(Duration.ofSeconds(59));
    assertThat(budget.rate()).isEqualTo(0.9);
    advance(Duration.ofSeconds(1));
    assertThat(budget.rate()).isCloseTo(0.99, within(1e-9));
    advance(Duration.ofSeconds(30));
    assertThat(budget.rate()).as("one step per quiet minute").isCloseTo(0.99, within(1e-9));
    for (int minute = 0; minute < 40; minute++) {
      advance(Duration.ofMinutes(1));
      budget.rate();
    }
    assertThat(budget.rate()).isEqualTo(10.0);
  }

  @Test
  void aThrottleRestartsTheQuietMinute() {
    budget.throttled("limit:60,time:1 minute", null);
    advance(Duration.ofSeconds(50));
    budget.throttled("limit:60,time:1 minute", null);
    advance(Duration.ofSeconds(50));
    assertThat(budget.rate()).isEqualTo(0.9);
  }

  @Test
  void anUnansweredConnectionPausesLongerEachTimeUntilItAnswers() {
    budget.unanswered();
    assertThat(budget.tryTake()).isEqualTo(Duration.ofSeconds(1));
    advance(Duration.ofSeconds(1));
    budget.unanswered();
    assertThat(budget.tryTake()).isEqualTo(Duration.ofSeconds(2));
    for (int i = 0; i < 10; i++) {
      budget.unanswered();
    }
    assertThat(budget.tryTake()).as("at most 30 s").isEqualTo(Duration.ofSeconds(30));
    advance(Duration.ofSeconds(30));
    budget.answered();
    budget.unanswered();
    assertThat(budget.tryTake()).as("counting starts over").isEqualTo(Duration.ofSeconds(1));
  }
}
