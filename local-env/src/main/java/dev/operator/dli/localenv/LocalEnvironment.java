package dev.operator.dli.localenv;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ClusterDliConnectionSpec;
import dev.operator.dli.api.NamespacedSecretRef;
import dev.operator.dli.controlplane.K8sVersion;
import dev.operator.dli.controlplane.LocalControlPlane;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * `make run`: starts etcd + kube-apiserver, writes their kubeconfig, installs the CRDs, starts the
 * DLI simulator with its connection Secret {@code default/dli-credentials}, runs the operator jar
 * against it all, and stays in the foreground. Ctrl-C (or SIGTERM) stops everything it started.
 */
public final class LocalEnvironment {
  private static final Logger log = LoggerFactory.getLogger(LocalEnvironment.class);

  static final String SECRET_NAMESPACE = "default";
  static final String SECRET_NAME = "dli-credentials";
  static final String CONNECTION_NAME = "dli";

  private final Path stateDir;
  private final Path crdDir;
  private final Path operatorJar;
  private final String k8sVersion;
  private LocalControlPlane controlPlane;
  private DliSimulator simulator;
  private Process operator;

  LocalEnvironment(Path root, Path stateDir, String k8sVersion) {
    this.stateDir = stateDir;
    this.crdDir = root.resolve("crds");
    this.operatorJar = root.resolve("operator/target/dli-operator.jar");
    this.k8sVersion = k8sVersion;
  }

  /**
   * Arguments: the checkout's root (default .) and where to write the kubeconfig (default
   * ROOT/.local).
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    String version = K8sVersion.findAbove(root);
    Path stateDir = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : root.resolve(".local");
    LocalEnvironment env = new LocalEnvironment(root, stateDir, version);
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C and SIGTERM are how `make run` ends, so they end it cleanly: exit 0 (the hook below
    // stops everything), where the JVM would exit with 130 or 143 and make would report an error.
    for (String signal : List.of("INT", "TERM")) {
      Signal.handle(new Signal(signal), s -> System.exit(0));
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  env.stop();
                  stopped.countDown();
                },
                "local-env-shutdown"));
    env.start();
    stopped.await();
  }

  void start() throws IOException {
    log.info("starting etcd + kube-apiserver {} on 127.0.0.1", k8sVersion);
    controlPlane = LocalControlPlane.start(k8sVersion);
    Path kubeconfig = controlPlane.writeKubeconfig(stateDir.resolve("kubeconfig"));
    simulator = DliSimulator.start(SimulatorConfig.defaults().withPort(0));
    log.info(
        "DLI simulator: {}",
        simulator
            .writeInfo(stateDir.resolve("simulator.json"), stateDir.resolve("simulator-ca.pem"))
            .replace(simulator.config().secretKey(), "***")
            .replace(simulator.config().iamPassword(), "***"));
    installCrds();
    controlPlane
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET_NAME)
                .withNamespace(SECRET_NAMESPACE)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "accessKey", simulator.config().accessKey(),
                        "secretKey", simulator.config().secretKey()))
                .build())
        .serverSideApply();
    controlPlane.client().resource(defaultConnection()).serverSideApply();
    log.info(
        "created ClusterDliConnection {} (every namespace) with credentials Secret {}/{}",
        CONNECTION_NAME,
        SECRET_NAMESPACE,
        SECRET_NAME);
    operator = startOperator(kubeconfig);
    log.info(
        "ready. In another shell: kubectl --kubeconfig {} get dlijobs   (Ctrl-C here stops everything)",
        kubeconfig);
  }

  /** The operator's default connection: the simulator, for DliJobs of every namespace. */
  private ClusterDliConnection defaultConnection() {
    ClusterDliConnectionSpec spec = new ClusterDliConnectionSpec();
    spec.setEndpoint(simulator.url());
    spec.setProjectId(simulator.config().projectId());
    spec.setCaBundle(simulator.caPem());
    NamespacedSecretRef credentials = new NamespacedSecretRef();
    credentials.setNamespace(SECRET_NAMESPACE);
    credentials.setName(SECRET_NAME);
    spec.setCredentialsSecretRef(credentials);
    spec.setNamespaceSelector(new LabelSelector()); // {}: every namespace, on purpose
    ClusterDliConnection connection = new ClusterDliConnection();
    connection.setMetadata(new ObjectMetaBuilder().withName(CONNECTION_NAME).build());
    connection.setSpec(spec);
    return connection;
  }

  private Process startOperator(Path kubeconfig) throws IOException {
    if (!Files.isRegularFile(operatorJar)) {
      throw new IllegalStateException(operatorJar + " is missing: build it first (make run does)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                operatorJar.toString())
            .inheritIO();
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("DLI_DEFAULT_CONNECTION", CONNECTION_NAME);
    builder.environment().put("OPERATOR_HTTP_PORT", Integer.toString(port));
    builder.environment().putIfAbsent("DLI_SWEEP_INTERVAL", "1s"); // a snappy walkthrough
    log.info(
        "starting the operator: java -jar {} (health on http://localhost:{}/readyz)",
        operatorJar,
        port);
    return builder.start();
  }

  private void installCrds() throws IOException {
    try (Stream<Path> files = Files.list(crdDir)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .sorted()
              .toList()) {
        log.info("installed CRD {}", controlPlane.installCrd(file).getMetadata().getName());
      }
    }
  }

  void stop() {
    if (operator != null) {
      log.info("stopping the operator");
      operator.destroy();
      try {
        if (!operator.waitFor(15, TimeUnit.SECONDS)) {
          operator.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        operator.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      operator = null;
    }
    if (simulator != null) {
      simulator.close();
      simulator = null;
    }
    if (controlPlane != null) {
      log.info("stopping kube-apiserver and etcd");
      controlPlane.close();
      controlPlane = null;
    }
  }
}
