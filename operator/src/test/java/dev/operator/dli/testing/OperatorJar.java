package dev.operator.dli.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as users run it, {@code java -jar target/dli-operator.jar}, as a child process of a
 * bench or a test: started, killed (SIGKILL, no last word) and started again, with its output
 * appended to a log file.
 */
public final class OperatorJar implements AutoCloseable {
  private final ProcessBuilder builder;
  private final int port;
  private Process process;

  /**
   * @param jvmOptions e.g. -XX:MaxRAM=512m to run as under a container memory limit
   * @param environment the operator's configuration, added to KUBECONFIG and the default connection
   */
  public OperatorJar(
      String kubeconfigYaml,
      String defaultConnection,
      List<String> jvmOptions,
      Map<String, String> environment,
      Path log)
      throws IOException {
    Path kubeconfig = Files.createTempFile("bench", ".kubeconfig");
    kubeconfig.toFile().deleteOnExit();
    Files.writeString(kubeconfig, kubeconfigYaml);
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(new File("target/dli-operator.jar").getAbsolutePath());
    builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("DLI_DEFAULT_CONNECTION", defaultConnection);
    builder.environment().put("OPERATOR_HTTP_PORT", Integer.toString(port));
    builder.environment().putAll(environment);
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
  }

  public OperatorJar start() throws IOException {
    process = builder.start();
    return this;
  }

  /** SIGKILL: no shutdown hook, no last status write. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public long pid() {
    return process.pid();
  }

  /** The operator's /readyz answers 200: started, every informer synced. */
  public boolean ready() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/readyz").toURL().openConnection();
      connection.setConnectTimeout(200);
      connection.setReadTimeout(500);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The process's resident set, now and at its peak (VmRSS, VmHWM), in MiB. */
  public long[] residentMiB() throws IOException {
    long rss = 0;
    long peak = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line) / 1024;
      } else if (line.startsWith("VmHWM:")) {
        peak = kib(line) / 1024;
      }
    }
    return new long[] {rss, peak};
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy(); // SIGTERM: the operator stops cleanly
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
