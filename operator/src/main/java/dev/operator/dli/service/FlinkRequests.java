package dev.operator.dli.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.api.FlinkCheckpoint;
import dev.operator.dli.api.FlinkJarJobSpec;
import dev.operator.dli.api.FlinkJobSettings;
import dev.operator.dli.api.FlinkSqlJobSpec;
import dev.operator.dli.api.FlinkSqlJobType;
import dev.operator.dli.client.wire.FlinkJarJobRequest;
import dev.operator.dli.client.wire.FlinkSqlJobRequest;
import dev.operator.dli.client.wire.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A DliJob's Flink job as DLI's create calls take it (its name and tags: {@link Correlation}). */
final class FlinkRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One runtime_config entry. */
  private record Setting(String key, String value) {}

  private FlinkRequests() {}

  static FlinkSqlJobRequest sql(FlinkSqlJobSpec spec, String name, List<Tag> tags) {
    FlinkCheckpoint checkpoint = spec.getCheckpoint();
    FlinkSqlJobType type =
        spec.getJobType() == null ? FlinkSqlJobType.flink_opensource_sql_job : spec.getJobType();
    return new FlinkSqlJobRequest(
        name,
        spec.getQueue(),
        spec.getStatement(),
        type.name(),
        spec.getCuNumber(),
        spec.getParallelNumber(),
        spec.getManagerCuNumber(),
        spec.getTmCus(),
        spec.getTmSlotNum(),
        checkpoint == null ? null : checkpoint.getEnabled(),
        checkpoint == null || checkpoint.getMode() == null ? null : checkpoint.getMode().dliCode(),
        checkpoint == null ? null : checkpoint.getIntervalSeconds(),
        spec.getRestartWhenException(),
        spec.getResumeCheckpoint(),
        spec.getObsBucket(),
        spec.getLogEnabled(),
        spec.getIdleStateRetentionSeconds(),
        spec.getFlinkVersion(),
        runtimeConfig(spec, Map.of()),
        tags);
  }

  /**
   * The create call of a Jar job has no checkpoint fields: checkpoints are Flink configuration
   * there, so they go into runtime_config.
   */
  static FlinkJarJobRequest jar(FlinkJarJobSpec spec, String name, List<Tag> tags) {
    Map<String, String> checkpointing = new TreeMap<>();
    FlinkCheckpoint checkpoint = spec.getCheckpoint();
    if (checkpoint != null && Boolean.TRUE.equals(checkpoint.getEnabled())) {
      int seconds = checkpoint.getIntervalSeconds() == null ? 10 : checkpoint.getIntervalSeconds();
      checkpointing.put("execution.checkpointing.interval", seconds + "s");
      if (checkpoint.getMode() != null) {
        checkpointing.put(
            "execution.checkpointing.mode",
            checkpoint.getMode().dliCode() == 1 ? "EXACTLY_ONCE" : "AT_LEAST_ONCE");
      }
    }
    return new FlinkJarJobRequest(
        name,
        spec.getQueue(),
        spec.getEntrypoint(),
        spec.getMainClass(),
        spec.getArgs() == null ? null : String.join(" ", spec.getArgs()),
        spec.getDependencyJars(),
        spec.getDependencyFiles(),
        spec.getCuNumber(),
        spec.getParallelNumber(),
        spec.getManagerCuNumber(),
        spec.getTmCus(),
        spec.getTmSlotNum(),
        spec.getRestartWhenException(),
        spec.getResumeCheckpoint(),
        spec.getObsBucket(),
        spec.getLogEnabled(),
        spec.getFlinkVersion(),
        runtimeConfig(spec, checkpointing),
        tags);
  }

  /**
   * runtime_config is a string: a JSON list of {key, value}, the spec's entries after those the
   * operator derives (UNCONFIRMED beyond the SDK's type: verify against a live DLI).
   */
  private static String runtimeConfig(FlinkJobSettings spec, Map<String, String> derived) {
    Map<String, String> all = new TreeMap<>(derived);
    if (spec.getRuntimeConfig() != null) {
      all.putAll(spec.getRuntimeConfig());
    }
    if (all.isEmpty()) {
      return null;
    }
    List<Setting> entries = new ArrayList<>();
    all.forEach((k, v) -> entries.add(new Setting(k, v)));
    try {
      return JSON.writeValueAsString(entries);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write runtime_config", e);
    }
  }
}
