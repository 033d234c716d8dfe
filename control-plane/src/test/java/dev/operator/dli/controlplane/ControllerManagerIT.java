package dev.operator.dli.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control plane's kube-controller-manager collects garbage and empties deleted namespaces. */
class ControllerManagerIT {
  private static LocalControlPlane controlPlane;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    controlPlane = LocalControlPlane.start(K8sVersion.findAbove(Path.of("")));
    client = controlPlane.client();
  }

  @AfterAll
  static void stop() {
    controlPlane.close();
  }

  @Test
  void theGarbageCollectorDeletesWhatADeletedOwnerOwned() {
    String namespace = controlPlane.newNamespace("gc");
    ConfigMap owner = client.resource(configMap(namespace, "owner")).create();
    ConfigMap dependent = configMap(namespace, "dependent");
    dependent
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName("owner")
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .build()));
    client.resource(dependent).create();

    client.resource(owner).delete();

    client
        .configMaps()
        .inNamespace(namespace)
        .withName("dependent")
        .waitUntilCondition(c -> c == null, 90, TimeUnit.SECONDS);
  }

  @Test
  void aDeletedNamespaceEmptiesItselfAndGoes() {
    String namespace = controlPlane.newNamespace("ns");
    client.resource(configMap(namespace, "content")).create();

    client.namespaces().withName(namespace).delete();

    client
        .namespaces()
        .withName(namespace)
        .waitUntilCondition(n -> n == null, 90, TimeUnit.SECONDS);
    assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
  }

  private static ConfigMap configMap(String namespace, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToData("k", "v")
        .build();
  }
}
