package dev.operator.dli.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl and helm binaries (from hack/build-k8s.sh) against a test control plane,
 * one at a time.
 */
public final class Cli {
  /** What a command did. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError(
            "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
      }
      return this;
    }
  }

  private final Path binaries;
  private final Path stdout;
  private final Path stderr;
  private final Map<String, String> environment;

  /**
   * @param home a scratch directory for the kubeconfig and helm's own state
   */
  public Cli(ControlPlane controlPlane, Path home) throws IOException {
    this.binaries =
        Path.of(
            System.getProperty("user.home"),
            ".kubeapitest",
            "k8s",
            ControlPlane.K8S_VERSION + "-linux-amd64");
    this.stdout = home.resolve("stdout.txt");
    this.stderr = home.resolve("stderr.txt");
    Path kubeconfig = home.resolve("kubeconfig");
    Files.writeString(kubeconfig, controlPlane.kubeconfigYaml());
    this.environment =
        Map.of(
            "KUBECONFIG",
            kubeconfig.toString(),
            "HELM_CACHE_HOME",
            home.resolve("helm-cache").toString(),
            "HELM_CONFIG_HOME",
            home.resolve("helm-config").toString(),
            "HELM_DATA_HOME",
            home.resolve("helm-data").toString());
  }

  public Result helm(String... args) {
    return run("helm", null, args);
  }

  public Result kubectl(String stdin, String... args) {
    return run("kubectl", stdin, args);
  }

  private Result run(String binary, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binaries.resolve(binary).toString());
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      // Files, not pipes: nothing waits on a pipe, so the bound below holds even for a command that
      // hangs.
      builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      Process process = builder.start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within 2 minutes");
      }
      return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
