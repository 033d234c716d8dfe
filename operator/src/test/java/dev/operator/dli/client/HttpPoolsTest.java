package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.client.wire.ListSqlJobsQuery;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections on one HTTP client's pools, against the simulator over HTTPS. */
class HttpPoolsTest {
  private DliSimulator simulator;
  private HttpPools pools;

  @BeforeEach
  void start() {
    simulator = DliSimulator.start(SimulatorConfig.defaults());
    pools = new HttpPools();
  }

  @AfterEach
  void stop() {
    pools.close();
    simulator.close();
  }

  private DliClient client(String name) {
    SimulatorConfig c = simulator.config();
    return new DliClient(
        DliConnection.builder(
                URI.create(simulator.url()),
                c.projectId(),
                new Credentials.AkSk(c.accessKey(), c.secretKey(), null))
            .caBundle(simulator.caPem())
            .name(name)
            .build(),
        Clock.systemUTC(),
        CallListener.NONE,
        pools);
  }

  @Test
  void connectionsWithTheSameTrustShareTheirSockets() {
    DliClient a = client("a");
    DliClient b = client("b");
    a.listSqlJobs(ListSqlJobsQuery.create());
    b.listSqlJobs(ListSqlJobsQuery.create());
    a.listSqlJobs(ListSqlJobsQuery.create());
    assertThat(pools.sockets())
        .as("one socket for both, each request signed on its own")
        .isEqualTo(1);
  }

  @Test
  void closingAConnectionLeavesTheSharedPoolsToTheOthers() {
    DliClient a = client("a");
    DliClient b = client("b");
    a.listSqlJobs(ListSqlJobsQuery.create());
    a.close();
    assertThat(pools.sockets()).isEqualTo(1);
    b.listSqlJobs(ListSqlJobsQuery.create());
    assertThat(pools.sockets()).as("b reused the socket a left").isEqualTo(1);
  }

  @Test
  void aTrustIsKeptOnlyWhileAnOpenClientUsesIt() {
    DliClient a = client("a");
    DliClient b = client("b");
    assertThat(pools.trusts()).as("one caBundle, one trust").isEqualTo(1);
    a.close();
    assertThat(pools.trusts()).as("b still uses it").isEqualTo(1);
    b.close();
    assertThat(pools.trusts()).as("connections that went leave nothing behind").isZero();
    DliClient c = client("c");
    c.listSqlJobs(ListSqlJobsQuery.create());
    assertThat(pools.trusts()).isEqualTo(1);
  }
}
