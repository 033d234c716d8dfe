package dev.operator.dli.controlplane;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager with only the controllers whose behaviour the operator relies on: the
 * garbage collector (a DliCronJob's runs go with it through their ownerReferences) and the
 * namespace controller (a deleted namespace empties itself) and the ClusterRole aggregation (the
 * chart's user roles join edit/view). It serves nothing (--secure-port 0) and needs no leader
 * election: it is the only one.
 */
final class ControllerManager {
  private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);
  static final String BINARY = "kube-controller-manager";
  private static final String CONTROLLERS =
      "garbage-collector-controller,namespace-controller,clusterrole-aggregation-controller";

  private final Path kubeconfig;
  private final ChildProcess process;

  private ControllerManager(File binary, String kubeconfigYaml, Runnable onUnexpectedExit)
      throws IOException {
    kubeconfig = Files.createTempFile("kube-controller-manager", ".kubeconfig");
    Files.writeString(kubeconfig, kubeconfigYaml);
    process =
        ChildProcess.start(
            BINARY,
            List.of(
                binary.getAbsolutePath(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--controllers",
                CONTROLLERS,
                "--leader-elect=false",
                "--secure-port=0",
                "--bind-address",
                "127.0.0.1"),
            ControllerManager.class,
            onUnexpectedExit);
  }

  /**
   * Starts kube-controller-manager against the API server of this admin kubeconfig. Its controllers
   * start once their informers have synced; callers wait for their effects.
   */
  static ControllerManager start(File binary, String kubeconfigYaml, Runnable onUnexpectedExit)
      throws IOException {
    if (!binary.canExecute()) {
      throw new IllegalStateException(
          "no "
              + BINARY
              + " at "
              + binary
              + ": run hack/build-k8s.sh again (make run and make test do)");
    }
    ControllerManager manager = new ControllerManager(binary, kubeconfigYaml, onUnexpectedExit);
    log.debug("kube-controller-manager started ({})", CONTROLLERS);
    return manager;
  }

  /** Stops it and deletes its kubeconfig. */
  void stop() {
    try {
      process.stop(10);
      Files.deleteIfExists(kubeconfig);
    } catch (IOException e) {
      log.warn("cannot delete {}", kubeconfig, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
