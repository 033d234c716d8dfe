package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.client.Credentials;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliConnection;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.Wait;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list-based status cache against the simulator, on a clock the test moves. */
class SqlJobListCacheTest {
  private static DliSimulator simulator;
  private static DliClient client;
  private static String listPath;
  private Instant now = Instant.parse("2026-11-29T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @BeforeAll
  static void start() {
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(50)));
    SimulatorConfig c = simulator.config();
    client =
        new DliClient(
            DliConnection.builder(
                    URI.create(simulator.url()),
                    c.projectId(),
                    new Credentials.AkSk(c.accessKey(), c.secretKey(), null))
                .caBundle(simulator.caPem())
                .build());
    listPath = "/v1.0/" + c.projectId() + "/jobs";
  }

  @AfterAll
  static void stop() {
    client.close();
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.faults().clear();
    simulator.journal().clear();
  }

  private static List<String> submit(int n, String directive) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                client
                    .submitSqlJob(
                        new SubmitSqlJobRequest(
                            "select " + i + directive, null, null, null, null, null, null))
                    .jobId())
        .toList();
  }

  private long listCalls() {
    return simulator.journal().entries().stream()
        .filter(e -> e.method().equals("GET") && e.path().split("\\?")[0].equals(listPath))
        .count();
  }

  @Test
  void belowTheThresholdItStaysOutOfTheWay() {
    SqlJobListCache cache = new SqlJobListCache(client, 3, Duration.ofSeconds(2), clock);
    List<String> ids = submit(2, " /* sim: run 1m */");
    assertThat(cache.lookup(ids.get(0))).isEmpty();
    assertThat(cache.lookup(ids.get(1))).isEmpty();
    assertThat(listCalls()).isZero();
  }

  @Test
  void fromTheThresholdOneListRoundServesEveryJobUntilItIsOld() {
    SqlJobListCache cache = new SqlJobListCache(client, 3, Duration.ofSeconds(2), clock);
    List<String> running = submit(3, " /* sim: run 1m */");
    cache.lookup(running.get(0));
    cache.lookup(running.get(1));
    assertThat(cache.lookup(running.get(2)))
        .hasValueSatisfying(job -> assertThat(job.jobId()).isEqualTo(running.get(2)));
    long afterFirstRound = listCalls();
    assertThat(afterFirstRound).as("one list per non-terminal status").isEqualTo(3);
    assertThat(cache.lookup(running.get(0))).isPresent();
    assertThat(cache.lookup(running.get(1))).isPresent();
    assertThat(listCalls()).as("served from the cache").isEqualTo(afterFirstRound);
    now = now.plusSeconds(3);
    cache.lookup(running.get(0));
    assertThat(listCalls()).as("read again once old").isEqualTo(2 * afterFirstRound);
  }

  @Test
  void anEndedOrUnknownJobIsNotOnTheBoard() throws InterruptedException {
    SqlJobListCache cache = new SqlJobListCache(client, 1, Duration.ofSeconds(2), clock);
    String quick = submit(1, " /* sim: run 100ms */").get(0);
    Wait.until("the job finished", () -> "FINISHED".equals(simulator.sqlJobStatus(quick)));
    assertThat(cache.lookup(quick)).as("ended jobs are read one by one").isEmpty();
    assertThat(cache.lookup("no-such-job")).isEmpty();
  }

  @Test
  void aFailingListFallsBackToOneByOne() {
    SqlJobListCache cache = new SqlJobListCache(client, 1, Duration.ofSeconds(2), clock);
    String id = submit(1, " /* sim: run 1m */").get(0);
    simulator.faults().add(FaultRule.of(FaultRule.Type.error).withStatus(400).on("GET", listPath));
    assertThat(cache.lookup(id)).isEmpty();
  }
}
