package dev.operator.dli.controlplane;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubeapitest.kubeconfig.KubeConfig;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real etcd + kube-apiserver (RBAC on, Pod Security admission on), both listening on 127.0.0.1
 * only, and kube-controller-manager's garbage collector and namespace controller ({@link
 * ControllerManager}), from the binaries that hack/build-k8s.sh installs in ~/.kubeapitest.
 * kube-api-test supplies the certificates, the API server process and its kubeconfig; etcd is
 * {@link LoopbackEtcd}.
 */
public final class LocalControlPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalControlPlane.class);
  private static final int STARTUP_TIMEOUT_MILLIS = 120_000;

  private final BinaryManager binaries;
  private final CertManager certificates;
  private final KubeAPIServerProcess apiServer;
  private final AtomicInteger namespaces = new AtomicInteger();
  private LoopbackEtcd etcd;
  private ControllerManager controllerManager;
  private String kubeconfigYaml;
  private KubernetesClient client;
  private boolean stopped;

  private LocalControlPlane(String k8sVersion) {
    // Configured in code: kube-api-test's boolean/integer environment variables crash it.
    KubeAPIServerConfig config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withApiServerVersion(k8sVersion)
            .withOfflineMode(true)
            .withUpdateKubeConfig(false)
            .withStartupTimeout(STARTUP_TIMEOUT_MILLIS)
            // kube-api-test sets no bind address: the API server would listen on every interface
            .withApiServerFlag("--bind-address", "127.0.0.1")
            .build();
    binaries = new BinaryManager(config);
    certificates = new CertManager(config.getKubeAPITestDir());
    apiServer = new KubeAPIServerProcess(certificates, binaries, p -> stopUnexpectedly(), config);
  }

  /**
   * Starts etcd, kube-apiserver and kube-controller-manager of this version (hack/k8s-version, see
   * {@link K8sVersion}) and waits until the API server serves the default namespace.
   */
  public static LocalControlPlane start(String k8sVersion) {
    Path directory =
        Path.of(
            System.getProperty("user.home"), ".kubeapitest", "k8s", k8sVersion + "-linux-amd64");
    for (String binary : new String[] {"kube-apiserver", ControllerManager.BINARY}) {
      if (!Files.isExecutable(directory.resolve(binary))) {
        throw new IllegalStateException(
            "no "
                + binary
                + " in "
                + directory
                + ": run hack/build-k8s.sh (make run and make test do)");
      }
    }
    LocalControlPlane controlPlane = new LocalControlPlane(k8sVersion);
    try {
      controlPlane.startProcesses();
    } catch (IOException | RuntimeException e) {
      controlPlane.close();
      throw new IllegalStateException("cannot start etcd + kube-apiserver " + k8sVersion, e);
    }
    return controlPlane;
  }

  private synchronized void startProcesses() throws IOException {
    binaries.initAndDownloadIfRequired();
    certificates.createCertificatesIfNeeded();
    etcd =
        LoopbackEtcd.start(
            binaries.binaries().getEtcd(), this::stopUnexpectedly, STARTUP_TIMEOUT_MILLIS);
    int port = apiServer.startApiServer(etcd.clientPort());
    apiServer.waitUntilReady();
    kubeconfigYaml = new KubeConfig(certificates, binaries).generateKubeConfigYaml(port);
    client = new KubernetesClientBuilder().withConfig(config()).build();
    controllerManager =
        ControllerManager.start(
            binaries
                .binaries()
                .getApiServer()
                .toPath()
                .resolveSibling(ControllerManager.BINARY)
                .toFile(),
            kubeconfigYaml,
            this::stopUnexpectedly);
    log.debug(
        "etcd + kube-apiserver + kube-controller-manager ready on https://127.0.0.1:{}", port);
  }

  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** Writes the admin kubeconfig to this file (its directory created if need be). */
  public Path writeKubeconfig(Path file) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    return Files.writeString(file, kubeconfigYaml);
  }

  /**
   * A fresh admin configuration, for a client of another identity (impersonation) or other
   * settings. A call that keeps failing gives up after three retries rather than the default ten.
   */
  public Config config() {
    Config config = Config.fromKubeconfig(kubeconfigYaml);
    config.setRequestRetryBackoffLimit(3);
    return config;
  }

  /** The admin client, closed with the control plane. */
  public KubernetesClient client() {
    return client;
  }

  /** Installs the CRD of this file and waits until the API server serves it. */
  public CustomResourceDefinition installCrd(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).serverSideApply();
      return awaitEstablished(crd.getMetadata().getName());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  /** Waits until the API server serves the CRD. */
  public CustomResourceDefinition awaitEstablished(String crdName) {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crdName)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            cond ->
                                "Established".equals(cond.getType())
                                    && "True".equals(cond.getStatus())),
            30,
            TimeUnit.SECONDS);
  }

  /** A namespace of a name not used before on this control plane: PREFIX-N. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + namespaces.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private void stopUnexpectedly() {
    log.error("etcd, kube-apiserver or kube-controller-manager stopped unexpectedly: stopping all");
    close();
  }

  /** Stops kube-controller-manager, kube-apiserver and etcd; etcd's data is deleted. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (controllerManager != null) {
      controllerManager.stop();
    }
    if (client != null) {
      client.close();
    }
    apiServer.stopApiServer();
    if (etcd != null) {
      etcd.stop();
    }
  }
}
