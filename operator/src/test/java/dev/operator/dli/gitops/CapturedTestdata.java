package dev.operator.dli.gitops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The testdata of one kind's Argo CD health check: resources as read from the API server, written
 * as test inputs. What differs from run to run (uid, resourceVersion, times, DLI job IDs, the slot
 * in a run's name) is replaced by fixed values, so that the committed testdata can be compared with
 * a fresh capture.
 */
final class CapturedTestdata {
  /** Set to true (-Dgitops.testdata.update=true) to write the captures over the committed files. */
  static final boolean UPDATE = Boolean.getBoolean("gitops.testdata.update");

  /** Every time in a capture reads as this instant. */
  static final String FIXED_TIME = "2026-11-29T10:00:00Z";

  static final String FIXED_JOB_ID = "5f1c2b7e-0000-4000-8000-000000000001";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  final Path testdata;

  CapturedTestdata(String kind) {
    this.testdata = Path.of("..", "gitops", "argocd", "dli.operator.dev", kind, "testdata");
  }

  /**
   * @param raw the object exactly as the API server serves it
   * @param fixed what else varies in it (a DLI job ID, a run's name) and the fixed text for it
   */
  static String yaml(GenericKubernetesResource raw, Map<String, String> fixed) {
    ObjectNode node = JSON.valueToTree(raw);
    ObjectNode metadata = (ObjectNode) node.get("metadata");
    metadata.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields"));
    String text;
    try {
      text = YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> entry : fixed.entrySet()) {
      text = text.replace(entry.getKey(), entry.getValue());
    }
    return "# Captured from the API server by GitOpsTestdataIT; do not edit (see README, GitOps).\n"
        + text.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", FIXED_TIME)
            .replaceAll("durationMillis: \\d+", "durationMillis: 60000")
            .replaceAll("duration: \\w+", "duration: 1m");
  }

  /** The committed file's text, or null when there is none yet. */
  String committed(String name) {
    Path file = testdata.resolve(name + ".yaml");
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String name, String text) {
    try {
      Files.createDirectories(testdata);
      Files.writeString(testdata.resolve(name + ".yaml"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
