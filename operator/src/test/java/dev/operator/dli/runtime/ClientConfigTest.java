package dev.operator.dli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {
  @TempDir Path dir;

  @Test
  void aCertificateUserIsNotReReadFromItsKubeconfig() throws IOException {
    Path file =
        kubeconfig(
            "https://one:6443", "client-certificate-data: Y2VydA==\n    client-key-data: a2V5");
    Config config = ClientConfig.withoutIdleRefresh(Config.fromKubeconfig(file.toFile()));
    kubeconfig("https://two:6443", "client-certificate-data: Y2VydA==\n    client-key-data: a2V5");

    assertThat(ClientConfig.refreshes(config)).isFalse();
    assertThat(config.refresh()).isSameAs(config);
    assertThat(config.getMasterUrl()).startsWith("https://one:6443");
  }

  @Test
  void withoutTheChangeTheSameKubeconfigIsReadAgainAtEachRefresh() throws IOException {
    Path file =
        kubeconfig(
            "https://one:6443", "client-certificate-data: Y2VydA==\n    client-key-data: a2V5");
    Config config = Config.fromKubeconfig(file.toFile());
    kubeconfig("https://two:6443", "client-certificate-data: Y2VydA==\n    client-key-data: a2V5");

    assertThat(config.refresh()).isNotSameAs(config);
    assertThat(config.refresh().getMasterUrl()).startsWith("https://two:6443");
  }

  @Test
  void aTokenUserKeepsItsRefresh() throws IOException {
    Path file = kubeconfig("https://one:6443", "token: abc");
    Config config = ClientConfig.withoutIdleRefresh(Config.fromKubeconfig(file.toFile()));

    assertThat(ClientConfig.refreshes(config)).isTrue();
    assertThat(config.getFile()).isEqualTo(file.toFile());
  }

  private Path kubeconfig(String server, String user) throws IOException {
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
        users:
        - name: u
          user:
            %s
        contexts:
        - name: x
          context:
            cluster: c
            user: u
        current-context: x
        """
            .formatted(server, user));
  }
}
