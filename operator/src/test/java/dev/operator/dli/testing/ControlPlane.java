package dev.operator.dli.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd + kube-apiserver (RBAC on, Pod Security admission on) per test class, from the
 * binaries that hack/build-k8s.sh installs. Register with {@code @RegisterExtension static}.
 */
public final class ControlPlane implements BeforeAllCallback, AfterAllCallback {
  public static final String K8S_VERSION = k8sVersion();
  public static final Path CRD_FILE =
      Path.of("target/classes/META-INF/fabric8/dlijobs.dli.operator.dev-v1.yml");
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private KubeAPIServer server;
  private KubernetesClient admin;
  private String kubeconfig;

  @Override
  public void beforeAll(ExtensionContext context) {
    Path binaries =
        Path.of(
            System.getProperty("user.home"), ".kubeapitest", "k8s", K8S_VERSION + "-linux-amd64");
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "no kube-apiserver in " + binaries + ": run hack/build-k8s.sh (make test does)");
    }
    // Configured in code: kube-api-test's boolean/integer environment variables crash it.
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(K8S_VERSION)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    kubeconfig = server.getKubeConfigYaml();
    admin = clientFor(Config.fromKubeconfig(kubeconfig));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  public KubernetesClient admin() {
    return admin;
  }

  public String kubeconfigYaml() {
    return kubeconfig;
  }

  /** A client that acts as another identity through impersonation, to prove what RBAC allows it. */
  public KubernetesClient impersonating(String user, String... groups) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return clientFor(config);
  }

  /** Installs the CRD generated from the model and waits until the API server serves it. */
  public CustomResourceDefinition installCrd() {
    try (var in = Files.newInputStream(CRD_FILE)) {
      CustomResourceDefinition crd =
          admin.apiextensions().v1().customResourceDefinitions().load(in).item();
      admin.resource(crd).serverSideApply();
      return awaitEstablished(crd.getMetadata().getName());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CRD_FILE.toAbsolutePath(), e);
    }
  }

  /** Waits until the API server serves the CRD. */
  public CustomResourceDefinition awaitEstablished(String crdName) {
    return admin
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

  /** A fresh namespace, so that no test depends on another's leftovers. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** The version in hack/k8s-version of the checkout, the one place it is written. */
  private static String k8sVersion() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("hack/k8s-version");
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file).trim();
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + file, e);
        }
      }
    }
    throw new IllegalStateException("no hack/k8s-version above " + Path.of("").toAbsolutePath());
  }

  private static KubernetesClient clientFor(Config config) {
    config.setRequestRetryBackoffLimit(3);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
