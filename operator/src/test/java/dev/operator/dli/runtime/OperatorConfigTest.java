package dev.operator.dli.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void defaults() {
    OperatorConfig c = OperatorConfig.fromEnvironment(Map.of("POD_NAME", "p"));
    assertThat(c.watchNamespaces()).isEmpty();
    assertThat(c.defaultConnection()).isNull();
    assertThat(c.timing().retryInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.timing().flinkStartTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.connections().sweepInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.connections().requestsPerSecond()).isEqualTo(10);
    assertThat(c.connections().callsAtOnce()).isEqualTo(8);
    assertThat(c.connections().callThreads()).isEqualTo(16);
    assertThat(c.concurrency()).isEqualTo(30);
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.instance()).isEqualTo("p");
  }

  @Test
  void readsEveryVariable() {
    OperatorConfig c =
        OperatorConfig.fromEnvironment(
            Map.ofEntries(
                Map.entry("WATCH_NAMESPACES", "a, b,,c"),
                Map.entry("DLI_DEFAULT_CONNECTION", "dli-system/creds"),
                Map.entry("DLI_SWEEP_INTERVAL", "500ms"),
                Map.entry("DLI_RETRY_INTERVAL", "3s"),
                Map.entry("DLI_CALLS_AT_ONCE", "4"),
                Map.entry("DLI_CALL_THREADS", "6"),
                Map.entry("DLI_MAX_ERROR_BACKOFF", "1h"),
                Map.entry("DLI_LOOKUP_SETTLE", "5m"),
                Map.entry("DLI_FLINK_START_TIMEOUT", "20m"),
                Map.entry("DLI_REQUESTS_PER_SECOND", "2.5"),
                Map.entry("DLI_CONNECT_TIMEOUT", "4s"),
                Map.entry("DLI_READ_TIMEOUT", "6s"),
                Map.entry("RECONCILE_CONCURRENCY", "3"),
                Map.entry("OPERATOR_HTTP_PORT", "9090"),
                Map.entry("LEADER_ELECTION", "true"),
                Map.entry("POD_NAMESPACE", "dli-system")));
    assertThat(c.watchNamespaces()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(c.defaultConnection()).isEqualTo("dli-system/creds");
    assertThat(c.connections().sweepInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.timing().retryInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.connections().callsAtOnce()).isEqualTo(4);
    assertThat(c.connections().callThreads()).isEqualTo(6);
    assertThat(c.timing().maxErrorBackoff()).isEqualTo(Duration.ofHours(1));
    assertThat(c.timing().lookupSettle()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.timing().flinkStartTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(c.connections().requestsPerSecond()).isEqualTo(2.5);
    assertThat(c.connections().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.connections().readTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(c.concurrency()).isEqualTo(3);
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.leaderElection()).isTrue();
    assertThat(c.leaseNamespace()).isEqualTo("dli-system");
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DLI_SWEEP_INTERVAL", "soon")))
        .hasMessageContaining("DLI_SWEEP_INTERVAL");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("DLI_POLL_INTERVAL", "2s")))
        .as("a setting that no longer exists is not silently ignored")
        .hasMessageContaining("DLI_POLL_INTERVAL is gone")
        .hasMessageContaining("DLI_SWEEP_INTERVAL");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(Map.of("DLI_DEFAULT_CONNECTION", "a/b/c")))
        .hasMessageContaining("ClusterDliConnection's name")
        .hasMessageContaining("namespace/secret-name");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(Map.of("DLI_DEFAULT_CONNECTION", "Shared")))
        .hasMessageContaining("DLI_DEFAULT_CONNECTION");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("RECONCILE_CONCURRENCY", "-1")))
        .hasMessageContaining("RECONCILE_CONCURRENCY");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("RECONCILE_CONCURRENCY", "2.5")))
        .as("a fraction is no thread count")
        .hasMessageContaining("RECONCILE_CONCURRENCY")
        .hasMessageContaining("2.5");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("OPERATOR_HTTP_PORT", "80.0")))
        .hasMessageContaining("OPERATOR_HTTP_PORT");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("LEADER_ELECTION", "true")))
        .hasMessageContaining("LEADER_ELECTION_NAMESPACE");
  }
}
