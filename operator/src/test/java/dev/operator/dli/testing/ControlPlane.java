package dev.operator.dli.testing;

import dev.operator.dli.controlplane.K8sVersion;
import dev.operator.dli.controlplane.LocalControlPlane;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd + kube-apiserver ({@link LocalControlPlane}) per test class. Register with
 * {@code @RegisterExtension static}.
 */
public final class ControlPlane implements BeforeAllCallback, AfterAllCallback {
  public static final String K8S_VERSION = K8sVersion.findAbove(Path.of(""));
  public static final Path CRD_FILE =
      Path.of("target/classes/META-INF/fabric8/dlijobs.dli.operator.dev-v1.yml");
  public static final Path CRON_CRD_FILE =
      Path.of("target/classes/META-INF/fabric8/dlicronjobs.dli.operator.dev-v1.yml");
  public static final Path CONNECTION_CRD_FILE =
      Path.of("target/classes/META-INF/fabric8/dliconnections.dli.operator.dev-v1.yml");
  public static final Path CLUSTER_CONNECTION_CRD_FILE =
      Path.of("target/classes/META-INF/fabric8/clusterdliconnections.dli.operator.dev-v1.yml");

  private LocalControlPlane controlPlane;

  @Override
  public void beforeAll(ExtensionContext context) {
    controlPlane = LocalControlPlane.start(K8S_VERSION);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  public KubernetesClient admin() {
    return controlPlane.client();
  }

  public String kubeconfigYaml() {
    return controlPlane.kubeconfigYaml();
  }

  /** A client that acts as another identity through impersonation, to prove what RBAC allows it. */
  public KubernetesClient impersonating(String user, String... groups) {
    Config config = controlPlane.config();
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Installs the DliJob CRD generated from the model and waits until the API server serves it. */
  public CustomResourceDefinition installCrd() {
    return controlPlane.installCrd(CRD_FILE);
  }

  /** Installs every CRD the operator serves, as the chart does. */
  public void installCrds() {
    controlPlane.installCrd(CRD_FILE);
    controlPlane.installCrd(CRON_CRD_FILE);
    controlPlane.installCrd(CONNECTION_CRD_FILE);
    controlPlane.installCrd(CLUSTER_CONNECTION_CRD_FILE);
  }

  /** Waits until the API server serves the CRD. */
  public CustomResourceDefinition awaitEstablished(String crdName) {
    return controlPlane.awaitEstablished(crdName);
  }

  /** A fresh namespace, so that no test depends on another's leftovers. */
  public String newNamespace(String prefix) {
    return controlPlane.newNamespace(prefix);
  }
}
