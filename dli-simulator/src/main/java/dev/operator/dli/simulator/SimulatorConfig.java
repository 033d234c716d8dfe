package dev.operator.dli.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * How a simulator starts. Credentials are random unless set, so that nothing real is ever baked in.
 *
 * @param launchDuration how long a job stays LAUNCHING
 * @param runDuration how long a job without a directive stays RUNNING
 * @param cancelDuration how long a cancelled job stays RUNNING before it turns CANCELLED
 * @param tokenLifetime how long an IAM token is valid
 */
public record SimulatorConfig(
    String bindAddress,
    int port,
    String projectId,
    String accessKey,
    String secretKey,
    String iamUser,
    String iamPassword,
    String iamDomain,
    Duration launchDuration,
    Duration runDuration,
    Duration cancelDuration,
    Duration tokenLifetime) {

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(
        "127.0.0.1",
        0,
        random(16),
        random(10).toUpperCase(),
        random(20),
        "dli-user",
        random(12),
        "dli-domain",
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        Duration.ofMillis(300),
        Duration.ofHours(24));
  }

  public SimulatorConfig withPort(int newPort) {
    return new SimulatorConfig(
        bindAddress,
        newPort,
        projectId,
        accessKey,
        secretKey,
        iamUser,
        iamPassword,
        iamDomain,
        launchDuration,
        runDuration,
        cancelDuration,
        tokenLifetime);
  }

  public SimulatorConfig withDurations(Duration launch, Duration run, Duration cancel) {
    return new SimulatorConfig(
        bindAddress,
        port,
        projectId,
        accessKey,
        secretKey,
        iamUser,
        iamPassword,
        iamDomain,
        launch,
        run,
        cancel,
        tokenLifetime);
  }

  public SimulatorConfig withTokenLifetime(Duration lifetime) {
    return new SimulatorConfig(
        bindAddress,
        port,
        projectId,
        accessKey,
        secretKey,
        iamUser,
        iamPassword,
        iamDomain,
        launchDuration,
        runDuration,
        cancelDuration,
        lifetime);
  }

  public SimulatorConfig withCredentials(
      String newProjectId, String newAccessKey, String newSecretKey) {
    return new SimulatorConfig(
        bindAddress,
        port,
        newProjectId,
        newAccessKey,
        newSecretKey,
        iamUser,
        iamPassword,
        iamDomain,
        launchDuration,
        runDuration,
        cancelDuration,
        tokenLifetime);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
