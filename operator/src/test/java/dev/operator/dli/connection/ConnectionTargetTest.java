package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.ConnectionRef;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.SecretConnectionRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionTargetTest {
  static Stream<Arguments> cases() {
    Consumer<DliJobSpec> none = spec -> {};
    return Stream.of(
        Arguments.of(
            "connectionRef, kind defaulted",
            (Consumer<DliJobSpec>) s -> s.setConnectionRef(new ConnectionRef(null, "mine")),
            "shared",
            "DliConnection/team/mine",
            false),
        Arguments.of(
            "connectionRef to a ClusterDliConnection",
            (Consumer<DliJobSpec>)
                s ->
                    s.setConnectionRef(
                        new ConnectionRef(ConnectionKind.ClusterDliConnection, "platform")),
            null,
            "ClusterDliConnection/platform",
            false),
        Arguments.of(
            "legacy secretName",
            (Consumer<DliJobSpec>) s -> s.setConnection(secret("creds")),
            "shared",
            "Secret/team/creds",
            true),
        Arguments.of(
            "default ClusterDliConnection", none, "shared", "ClusterDliConnection/shared", false),
        Arguments.of(
            "default in its old form", none, "dli-system/creds", "Secret/dli-system/creds", true),
        Arguments.of("no default", none, null, "", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsWhatTheJobNames(
      String name,
      Consumer<DliJobSpec> spec,
      String defaultConnection,
      String key,
      boolean deprecated) {
    DliJob job = new DliJob();
    job.setMetadata(new ObjectMetaBuilder().withName("j").withNamespace("team").build());
    job.setSpec(new DliJobSpec());
    spec.accept(job.getSpec());
    ConnectionTarget target = ConnectionTarget.of(job, defaultConnection);
    assertThat(target.key()).isEqualTo(key);
    assertThat(target.deprecated()).isEqualTo(deprecated);
  }

  private static SecretConnectionRef secret(String name) {
    SecretConnectionRef ref = new SecretConnectionRef();
    ref.setSecretName(name);
    return ref;
  }
}
