package dev.operator.dli.testing;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ClusterDliConnectionSpec;
import dev.operator.dli.api.ConnectionSpec;
import dev.operator.dli.api.DliConnectionSpec;
import dev.operator.dli.api.LocalSecretRef;
import dev.operator.dli.api.NamespacedSecretRef;
import dev.operator.dli.client.CallListener;
import dev.operator.dli.client.Credentials;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.DliConnection;
import dev.operator.dli.client.RetryPolicy;
import dev.operator.dli.connection.ConnectionSettings;
import dev.operator.dli.lifecycle.Timing;
import dev.operator.dli.runtime.OperatorConfig;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What tests that run the operator share: short intervals, and connection Secrets for a simulator.
 */
public final class TestSettings {
  private TestSettings() {}

  /**
   * Errors back off from 200 ms up to 2 s, unconfirmed submissions settle in 20 s, a Flink job that
   * does not start is Stalled after 5 s (the simulator's start in 100 ms).
   */
  public static Timing fastTiming() {
    return new Timing(
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        0.1,
        Math::random);
  }

  /** An operator on the fast settings, with this default connection. */
  public static OperatorConfig.Builder fastOperator(String defaultConnection) {
    return OperatorConfig.builder()
        .defaultConnection(defaultConnection)
        .timing(fastTiming())
        .connections(fastConnections());
  }

  /** 5 s timeouts, 100 requests per second, a status sweep every 200 ms. */
  public static ConnectionSettings fastConnections() {
    return new ConnectionSettings(
        Duration.ofSeconds(5), Duration.ofSeconds(5), 100, Duration.ofMillis(200), 8, 16);
  }

  /**
   * A connection Secret for the simulator; another secret key than the simulator's simulates
   * revoked credentials.
   */
  public static Secret simulatorSecret(
      DliSimulator simulator, String namespace, String name, String secretKey) {
    Map<String, String> data = new HashMap<>(simulator.connectionSecretData());
    data.put("secretKey", secretKey);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(data)
        .build();
  }

  /**
   * A client of the simulator as the operator's connections are: paced by its caller, no retries.
   */
  public static DliClient pacedClient(DliSimulator simulator, double requestsPerSecond) {
    return pacedClient(simulator, requestsPerSecond, CallListener.NONE);
  }

  /** A client whose caller hands out permits, telling the listener of every HTTP exchange. */
  public static DliClient pacedClient(
      DliSimulator simulator, double requestsPerSecond, CallListener listener) {
    SimulatorConfig c = simulator.config();
    return new DliClient(
        DliConnection.builder(
                URI.create(simulator.url()),
                c.projectId(),
                new Credentials.AkSk(c.accessKey(), c.secretKey(), null))
            .caBundle(simulator.caPem())
            .requestsPerSecond(requestsPerSecond)
            .retryPolicy(RetryPolicy.NONE)
            .pacedByCaller(true)
            .build(),
        Clock.systemUTC(),
        listener);
  }

  public static Secret simulatorSecret(DliSimulator simulator, String namespace, String name) {
    return simulatorSecret(simulator, namespace, name, simulator.config().secretKey());
  }

  /** A credentials Secret for a connection resource: only the keys, nothing else. */
  public static Secret credentialsSecret(
      DliSimulator simulator, String namespace, String name, String secretKey) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(Map.of("accessKey", simulator.config().accessKey(), "secretKey", secretKey))
        .build();
  }

  /** A DliConnection to the simulator whose credentials are in the Secret named. */
  public static dev.operator.dli.api.DliConnection dliConnection(
      DliSimulator simulator, String namespace, String name, String secretName) {
    var connection = new dev.operator.dli.api.DliConnection();
    connection.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    DliConnectionSpec spec = new DliConnectionSpec();
    toSimulator(simulator, spec);
    LocalSecretRef ref = new LocalSecretRef();
    ref.setName(secretName);
    spec.setCredentialsSecretRef(ref);
    connection.setSpec(spec);
    return connection;
  }

  /** A ClusterDliConnection to the simulator for the namespaces labelled so. */
  public static ClusterDliConnection clusterConnection(
      DliSimulator simulator,
      String name,
      String secretNamespace,
      String secretName,
      Map<String, String> namespaceLabels) {
    ClusterDliConnection connection = new ClusterDliConnection();
    connection.setMetadata(new ObjectMetaBuilder().withName(name).build());
    ClusterDliConnectionSpec spec = new ClusterDliConnectionSpec();
    toSimulator(simulator, spec);
    NamespacedSecretRef ref = new NamespacedSecretRef();
    ref.setNamespace(secretNamespace);
    ref.setName(secretName);
    spec.setCredentialsSecretRef(ref);
    spec.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(namespaceLabels).build());
    connection.setSpec(spec);
    return connection;
  }

  private static void toSimulator(DliSimulator simulator, ConnectionSpec spec) {
    spec.setEndpoint(simulator.url());
    spec.setProjectId(simulator.config().projectId());
    spec.setCaBundle(simulator.caPem());
  }
}
