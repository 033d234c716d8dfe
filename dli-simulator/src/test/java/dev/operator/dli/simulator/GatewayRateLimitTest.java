package dev.operator.dli.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GatewayRateLimitTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void throttlesEachUserPerWindowWithTheGatewaysOwnWords() {
    GatewayRateLimit limit = GatewayRateLimit.parse("3/1m");
    for (int i = 0; i < 3; i++) {
      limit.admit("ak-1", T0.plusSeconds(i));
    }
    assertThatThrownBy(() -> limit.admit("ak-1", T0.plusSeconds(10)))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status).isEqualTo(429);
              assertThat(e.code).isEqualTo("APIGW.0308");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "The throttling threshold has been reached: policy user over ratelimit,"
                          + "limit:3,time:1 minute");
            });
    limit.admit("ak-2", T0.plusSeconds(10)); // another user has a budget of its own
    limit.admit("ak-1", T0.plusSeconds(60)); // a new window
  }

  @Test
  void readsTheUsualForms() {
    assertThatThrownBy(() -> GatewayRateLimit.parse("60 per minute")).hasMessageContaining("60/1m");
    GatewayRateLimit perSecond = GatewayRateLimit.parse("1/1s");
    perSecond.admit("u", T0);
    assertThatThrownBy(() -> perSecond.admit("u", T0.plusMillis(999)))
        .hasMessageEndingWith("limit:1,time:1 second");
  }
}
