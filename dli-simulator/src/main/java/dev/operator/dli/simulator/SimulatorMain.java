package dev.operator.dli.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dli-simulator.jar [--port N] [--info-file PATH] [--launch 200ms] [--run 1s]
 * [--cancel 300ms] [--token-lifetime 24h] [--project-id ID --access-key AK --secret-key SK]} and
 * faults from the start: {@code [--error-rate R] [--throttle-rate R] [--retry-after S] [--latency
 * D] [--drop-rate R] [--not-success-rate R] [--list-lag D] [--submit-delay D]}, rates in [0, 1],
 * and the gateway's per-user throttling {@code [--rate-limit 60/1m]}.
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    SimulatorConfig config = SimulatorConfig.defaults();
    Path infoFile = null;
    String projectId = config.projectId();
    String accessKey = config.accessKey();
    String secretKey = config.secretKey();
    List<FaultRule> faults = new ArrayList<>();
    Integer retryAfter = null;
    GatewayRateLimit rateLimit = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help")) {
        System.out.println(
            "usage: java -jar dli-simulator.jar [--port N] [--info-file PATH] [--launch D] [--run D] "
                + "[--cancel D] [--token-lifetime D] [--project-id ID] [--access-key AK] [--secret-key SK]\n"
                + "  faults: [--error-rate R] [--throttle-rate R] [--retry-after SECONDS] [--latency D] [--drop-rate R] "
                + "[--not-success-rate R]\n"
                + "  eventual consistency: [--list-lag D] (new jobs invisible to list calls for D) [--submit-delay D] "
                + "(a submit creates the job, then answers D later)\n"
                + "  gateway mode: [--rate-limit N/T] (N calls per T per user, like 60/1m; then 429 APIGW.0308)\n"
                + "durations like 500ms, 2s, 10m; rates from 0 to 1; more faults at runtime: PUT /_sim/faults");
        return;
      }
      if (i + 1 >= args.length) {
        fail("missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> config = config.withPort(Integer.parseInt(value));
        case "--info-file" -> infoFile = Path.of(value);
        case "--launch" ->
            config =
                config.withDurations(
                    DurationText.parse(value), config.runDuration(), config.cancelDuration());
        case "--run" ->
            config =
                config.withDurations(
                    config.launchDuration(), DurationText.parse(value), config.cancelDuration());
        case "--cancel" ->
            config =
                config.withDurations(
                    config.launchDuration(), config.runDuration(), DurationText.parse(value));
        case "--token-lifetime" -> config = config.withTokenLifetime(DurationText.parse(value));
        case "--project-id" -> projectId = value;
        case "--access-key" -> accessKey = value;
        case "--secret-key" -> secretKey = value;
        case "--error-rate" -> faults.add(FaultRule.of(FaultRule.Type.error).withRate(rate(value)));
        case "--throttle-rate" ->
            faults.add(FaultRule.of(FaultRule.Type.throttle).withRate(rate(value)));
        case "--retry-after" -> retryAfter = Integer.parseInt(value);
        case "--latency" ->
            faults.add(
                FaultRule.of(FaultRule.Type.latency)
                    .withLatency(DurationText.parse(value).toMillis()));
        case "--drop-rate" -> faults.add(FaultRule.of(FaultRule.Type.drop).withRate(rate(value)));
        case "--not-success-rate" ->
            faults.add(FaultRule.of(FaultRule.Type.notSuccess).withRate(rate(value)));
        case "--list-lag" ->
            faults.add(
                FaultRule.of(FaultRule.Type.listLag)
                    .withLatency(DurationText.parse(value).toMillis()));
        case "--submit-delay" ->
            faults.add(
                FaultRule.of(FaultRule.Type.submitDelay)
                    .withLatency(DurationText.parse(value).toMillis()));
        case "--rate-limit" -> rateLimit = GatewayRateLimit.parse(value);
        default -> fail("unknown option " + flag + " (see --help)");
      }
    }
    config = config.withCredentials(projectId, accessKey, secretKey);
    DliSimulator simulator = DliSimulator.start(config);
    simulator.setRateLimit(rateLimit);
    for (FaultRule fault : faults) {
      simulator
          .faults()
          .add(
              fault.type() == FaultRule.Type.throttle && retryAfter != null
                  ? fault.withRetryAfter(retryAfter)
                  : fault);
    }
    Path caFile =
        infoFile != null
            ? infoFile.resolveSibling(infoFile.getFileName() + ".ca.pem")
            : Files.createTempFile("dli-simulator-ca", ".pem");
    System.out.println(simulator.writeInfo(infoFile, caFile));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static double rate(String value) {
    double rate = Double.parseDouble(value);
    if (rate < 0 || rate > 1) {
      fail("a rate is between 0 and 1, not " + value);
    }
    return rate;
  }

  private static void fail(String message) {
    System.err.println("dli-simulator: " + message);
    System.exit(2);
  }
}
