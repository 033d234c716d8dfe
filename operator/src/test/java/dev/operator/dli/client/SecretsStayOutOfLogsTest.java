package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With the client's DEBUG logging on (surefire sets it), every request, retry and token refresh is
 * logged, and none of it shows a secret key, a password, a token or a signature.
 */
class SecretsStayOutOfLogsTest {
  @Test
  void debugLogsNameRequestsButNoSecrets() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    SimulatorConfig c;
    try (DliSimulator simulator = DliSimulator.start(SimulatorConfig.defaults())) {
      c = simulator.config();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      RetryPolicy fast =
          new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1));
      try (DliClient akSk =
              new DliClient(
                  DliConnection.builder(
                          URI.create(simulator.url()),
                          c.projectId(),
                          new Credentials.AkSk(
                              c.accessKey(), c.secretKey(), "SECURITY-TOKEN-VALUE"))
                      .caBundle(simulator.caPem())
                      .retryPolicy(fast)
                      .build());
          DliClient iam =
              new DliClient(
                  DliConnection.builder(
                          URI.create(simulator.url()),
                          c.projectId(),
                          new Credentials.IamPassword(
                              URI.create(simulator.url()),
                              c.iamDomain(),
                              c.iamUser(),
                              c.iamPassword()))
                      .caBundle(simulator.caPem())
                      .retryPolicy(fast)
                      .build())) {
        akSk.listSqlJobs(ListSqlJobsQuery.create());
        iam.listSqlJobs(ListSqlJobsQuery.create());
        simulator.revokeTokens();
        iam.listSqlJobs(ListSqlJobsQuery.create());
        simulator.faults().add(FaultRule.of(FaultRule.Type.error).on("GET", "/jobs"));
        assertThatThrownBy(() -> iam.listSqlJobs(ListSqlJobsQuery.create()))
            .isInstanceOf(DliException.class);
      }
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs)
        .as("the debug log was captured")
        .contains("DLI GET /v1.0/")
        .contains("retry 1")
        .contains("IAM token for " + c.iamUser());
    assertThat(logs)
        .doesNotContain(
            c.secretKey(),
            c.iamPassword(),
            "SECURITY-TOKEN-VALUE",
            "Signature=",
            "X-Auth-Token",
            "MII");
  }
}
