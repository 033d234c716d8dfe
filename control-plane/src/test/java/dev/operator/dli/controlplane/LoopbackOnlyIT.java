package dev.operator.dli.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.controlplane.ListeningSockets.Listener;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * etcd (no authentication, every Secret) and the API server listen on 127.0.0.1 only, never on the
 * machine's other interfaces; kube-controller-manager listens nowhere.
 */
class LoopbackOnlyIT {
  @Test
  void etcdAndTheApiServerListenOnLoopbackOnly() throws Exception {
    try (LocalControlPlane controlPlane =
        LocalControlPlane.start(K8sVersion.findAbove(Path.of("")))) {
      List<Listener> etcd = ListeningSockets.of(child("etcd"));
      List<Listener> apiServer = ListeningSockets.of(child("kube-apiserver"));
      List<Listener> controllerManager = ListeningSockets.of(child("kube-controller-manager"));

      assertThat(etcd).as("etcd's client and peer listeners").hasSizeGreaterThanOrEqualTo(2);
      int apiServerPort = URI.create(controlPlane.config().getMasterUrl()).getPort();
      assertThat(apiServer)
          .as("the API server's listeners")
          .extracting(Listener::port)
          .contains(apiServerPort);
      assertThat(etcd)
          .as("etcd's listeners")
          .allSatisfy(l -> assertThat(l.address().isLoopbackAddress()).as(l.toString()).isTrue());
      assertThat(apiServer)
          .as("the API server's listeners")
          .allSatisfy(l -> assertThat(l.address().isLoopbackAddress()).as(l.toString()).isTrue());
      assertThat(controllerManager).as("kube-controller-manager's listeners").isEmpty();
    }
  }

  /** The pid of this JVM's one child process running this binary. */
  private static long child(String binary) {
    List<ProcessHandle> children =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().command().orElse("").endsWith("/" + binary))
            .toList();
    assertThat(children).as("child processes running " + binary).hasSize(1);
    return children.get(0).pid();
  }
}
