package dev.operator.dli.controlplane;

import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.process.ProcessReadinessChecker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd with its client and peer URLs on 127.0.0.1, its data in fresh temporary directories. It has
 * no authentication and holds every Secret, so it must not listen on the machine's other
 * interfaces, as kube-api-test's own etcd does (--listen-client-urls http://0.0.0.0:PORT, flags it
 * offers no way to change).
 */
final class LoopbackEtcd {
  private static final Logger log = LoggerFactory.getLogger(LoopbackEtcd.class);
  private static final String HOST = "127.0.0.1";

  private final Path dataDir;
  private final Path walDir;
  private final int clientPort;
  private final ChildProcess process;

  private LoopbackEtcd(File binary, Runnable onUnexpectedExit) throws IOException {
    dataDir = Files.createTempDirectory("etcddata");
    walDir = Files.createTempDirectory("etcdwal");
    clientPort = Utils.findFreePort();
    String clientUrl = "http://" + HOST + ":" + clientPort;
    String peerUrl = "http://" + HOST + ":" + Utils.findFreePort();
    process =
        ChildProcess.start(
            "etcd",
            List.of(
                binary.getAbsolutePath(),
                "--data-dir",
                dataDir.toString(),
                "--wal-dir",
                walDir.toString(),
                "--listen-client-urls",
                clientUrl,
                "--advertise-client-urls",
                clientUrl,
                "--listen-peer-urls",
                peerUrl,
                "--initial-advertise-peer-urls",
                peerUrl,
                "--initial-cluster",
                "default=" + peerUrl),
            LoopbackEtcd.class,
            onUnexpectedExit);
  }

  /** Starts etcd and waits until it reports itself healthy. */
  static LoopbackEtcd start(File binary, Runnable onUnexpectedExit, int startupTimeoutMillis)
      throws IOException {
    if (!binary.canExecute()) {
      throw new IllegalStateException("no etcd binary at " + binary);
    }
    LoopbackEtcd etcd = new LoopbackEtcd(binary, onUnexpectedExit);
    try {
      new ProcessReadinessChecker()
          .waitUntilReady(etcd.clientPort, "health", "etcd", false, startupTimeoutMillis);
    } catch (RuntimeException e) {
      etcd.stop();
      throw e;
    }
    log.debug("etcd ready on {}:{}", HOST, etcd.clientPort);
    return etcd;
  }

  int clientPort() {
    return clientPort;
  }

  /** Kills etcd (its data is thrown away anyway) and deletes its directories. */
  void stop() {
    try {
      process.stop(0);
      Utils.deleteDirectory(dataDir.toFile());
      Utils.deleteDirectory(walDir.toFile());
    } catch (IOException e) {
      log.warn("cannot delete etcd's directories {} and {}", dataDir, walDir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
