package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliConnectionStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionStatusesTest {
  private static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");
  private static final ConnectionHealth.Verdict UNCHECKED =
      new ConnectionHealth.Verdict.Unchecked();
  private static final ConnectionHealth.Verdict ACCEPTED = new ConnectionHealth.Verdict.Accepted();
  private static final ConnectionHealth.Verdict REFUSED =
      new ConnectionHealth.Verdict.Refused(401, "APIGW.0301: Incorrect IAM authentication");
  private static final ConnectionHealth.Verdict UNREACHABLE =
      new ConnectionHealth.Verdict.Unreachable("connect timed out");

  static Stream<Arguments> table() {
    return Stream.of(
        // verdict, unusable, Ready, Reconciling, Stalled, reason, message contains
        Arguments.of(UNCHECKED, null, "False", "True", "False", "Checking", "checking"),
        Arguments.of(ACCEPTED, null, "True", "False", "False", "CredentialsAccepted", "accepted"),
        Arguments.of(REFUSED, null, "False", "False", "True", "CredentialsRefused", "APIGW.0301"),
        Arguments.of(UNREACHABLE, null, "False", "True", "False", "Unreachable", "timed out"),
        Arguments.of(
            ACCEPTED,
            "Secret team-a/creds is missing key secretKey",
            "False",
            "False",
            "True",
            "SecretNotUsable",
            "missing key secretKey"));
  }

  @ParameterizedTest
  @MethodSource("table")
  void conditionsFollowTheVerdict(
      ConnectionHealth.Verdict verdict,
      String unusable,
      String ready,
      String reconciling,
      String stalled,
      String reason,
      String message) {
    DliConnectionStatus st =
        ConnectionStatuses.next(
            null, 3, new ConnectionHealth.Snapshot(verdict, null), unusable, 10, 2, NOW);
    assertThat(condition(st, "Ready").getStatus()).isEqualTo(ready);
    assertThat(condition(st, "Reconciling").getStatus()).isEqualTo(reconciling);
    assertThat(condition(st, "Stalled").getStatus()).isEqualTo(stalled);
    assertThat(condition(st, "Ready").getReason()).isEqualTo(reason);
    assertThat(condition(st, "Ready").getMessage()).containsIgnoringCase(message);
    assertThat(st.getObservedGeneration()).isEqualTo(3);
    assertThat(st.getConditions()).allMatch(c -> c.getObservedGeneration() == 3);
    assertThat(st.getJobs()).isEqualTo(2);
  }

  @Test
  void aBudgetClimbingBackIsRoundedSoThatLooksDoNotWriteEveryTime() {
    var health = new ConnectionHealth.Snapshot(ACCEPTED, null);
    DliConnectionStatus a = ConnectionStatuses.next(null, 1, health, null, 4.0012, 0, NOW);
    DliConnectionStatus b =
        ConnectionStatuses.next(a, 1, health, null, 4.0049, 0, NOW.plusSeconds(5));
    assertThat(b.getRequestsPerSecond()).isEqualTo(4.0).isEqualTo(a.getRequestsPerSecond());
    assertThat(condition(b, "Ready").getLastTransitionTime())
        .as("unchanged conditions keep their transition time")
        .isEqualTo(condition(a, "Ready").getLastTransitionTime());
  }

  @Test
  void theLastThrottleIsKeptAcrossRestartsOfTheHealth() {
    var throttled = new ConnectionHealth.Snapshot(ACCEPTED, NOW);
    DliConnectionStatus a = ConnectionStatuses.next(null, 1, throttled, null, 5, 0, NOW);
    DliConnectionStatus b =
        ConnectionStatuses.next(
            a, 1, new ConnectionHealth.Snapshot(ACCEPTED, null), null, 10, 0, NOW.plusSeconds(60));
    assertThat(b.getLastThrottledAt()).isEqualTo(NOW.toString());
  }

  @Test
  void callsKeepTheVerdictTrue() {
    ConnectionHealth health = new ConnectionHealth(Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(health.snapshot().verdict()).isEqualTo(UNCHECKED);
    health.exchanged(0);
    assertThat(health.snapshot().verdict()).as("no answer proves nothing").isEqualTo(UNCHECKED);
    health.exchanged(404);
    assertThat(health.snapshot().verdict()).as("any authenticated answer").isEqualTo(ACCEPTED);
    health.checked(REFUSED);
    health.exchanged(403);
    assertThat(health.snapshot().verdict()).as("DLI's message stays").isEqualTo(REFUSED);
    health.exchanged(200);
    assertThat(health.snapshot().verdict()).as("fixed keys").isEqualTo(ACCEPTED);
    health.exchanged(403);
    assertThat(health.snapshot().verdict())
        .isEqualTo(new ConnectionHealth.Verdict.Refused(403, "DLI answered 403 to a request"));
    health.exchanged(500);
    assertThat(health.snapshot().verdict())
        .as("a 5xx proves nothing")
        .isInstanceOf(ConnectionHealth.Verdict.Refused.class);
    health.exchanged(429);
    assertThat(health.snapshot().lastThrottledAt()).isEqualTo(NOW);
  }

  private static Condition condition(DliConnectionStatus st, String type) {
    return st.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
