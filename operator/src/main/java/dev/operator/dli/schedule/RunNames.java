package dev.operator.dli.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The names of a DliCronJob's runs. A name follows from what started the run, so that a crash, a
 * restart or a second replica finds the name taken (409) instead of starting a second run.
 */
public final class RunNames {
  private RunNames() {}

  /** {@code <cronjob>-<slot in minutes since the epoch>}, as batch/v1 CronJob names its Jobs. */
  public static String forSlot(String cronJob, Instant slot) {
    return cronJob + "-" + Math.floorDiv(slot.getEpochSecond(), 60);
  }

  /** {@code <cronjob>-now-<first 6 hex of sha256(value)>}: one run per value of run-now. */
  public static String forRunNow(String cronJob, String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return cronJob + "-now-" + HexFormat.of().formatHex(hash).substring(0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
