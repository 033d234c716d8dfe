package dev.operator.dli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection kinds' schemas and CEL rules, and a DliJob's connectionRef, on a real API server.
 */
class ConnectionCrdValidationIT {
  @RegisterExtension static final ControlPlane controlPlane = new ControlPlane();

  private static final String ENDPOINT = "endpoint: https://dli.example.com\nprojectId: p1\n";
  private static String namespace;

  @BeforeAll
  static void install() {
    controlPlane.installCrds();
    namespace = controlPlane.newNamespace("conn-validation");
  }

  @Test
  void aDliConnectionNeedsHttpsUnlessInsecureHttpIsAllowedOnPurpose() {
    String plain = "endpoint: http://dli.example.com\nprojectId: p1\n";
    assertRefused(
        dliConnection("plain", plain + "credentialsSecretRef: {name: creds}"),
        "spec.endpoint must be an https:// URL");
    create(
        dliConnection(
            "test-endpoint",
            plain + "allowInsecureHttp: true\ncredentialsSecretRef: {name: creds}"));
  }

  @Test
  void aDliConnectionNeedsItsSecretAndAPositiveBudget() {
    assertRefused(dliConnection("no-secret", ENDPOINT), "credentialsSecretRef");
    assertRefused(
        dliConnection(
            "zero", ENDPOINT + "requestsPerSecond: 0\ncredentialsSecretRef: {name: creds}"),
        "spec.requestsPerSecond must be above 0");
  }

  @Test
  void aClusterDliConnectionNeedsASelectorSaidOnPurpose() {
    String secret = "credentialsSecretRef: {namespace: dli-system, name: creds}\n";
    assertRefused(clusterConnection("no-selector", ENDPOINT + secret), "namespaceSelector");
    create(clusterConnection("everyone", ENDPOINT + secret + "namespaceSelector: {}"));
    assertRefused(
        clusterConnection(
            "no-namespace",
            ENDPOINT + "credentialsSecretRef: {name: creds}\nnamespaceSelector: {}"),
        "namespace");
  }

  @Test
  void theColumnsSayWhatAConnectionIs() {
    for (String crd :
        new String[] {
          "dliconnections.dli.operator.dev", "clusterdliconnections.dli.operator.dev"
        }) {
      assertThat(
              controlPlane
                  .awaitEstablished(crd)
                  .getSpec()
                  .getVersions()
                  .get(0)
                  .getAdditionalPrinterColumns()
                  .stream()
                  .map(CustomResourceColumnDefinition::getName))
          .containsExactly("Ready", "Endpoint", "Project", "Budget", "Jobs", "Age");
    }
  }

  @Test
  void aDliJobNamesOneConnectionTheDefaultKindIsDliConnectionAndItCannotChange() {
    assertRefused(
        job(
            "both",
            "connection: {secretName: creds}\nconnectionRef: {name: dli}\nsql: {statement: select 1}"),
        "set spec.connectionRef or the deprecated spec.connection.secretName, not both");
    assertRefused(
        job("bad-kind", "connectionRef: {kind: Secret, name: dli}\nsql: {statement: select 1}"),
        "kind");
    GenericKubernetesResource created =
        create(job("named", "connectionRef: {name: dli}\nsql: {statement: select 1}"));
    Map<?, ?> ref =
        (Map<?, ?>)
            ((Map<?, ?>) created.getAdditionalProperties().get("spec")).get("connectionRef");
    assertThat(ref.get("kind")).isEqualTo("DliConnection");
    assertThatThrownBy(
            () ->
                controlPlane
                    .admin()
                    .genericKubernetesResources(DliJob.GROUP + "/" + DliJob.VERSION, "DliJob")
                    .inNamespace(namespace)
                    .withName("named")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"connectionRef\":{\"name\":\"other\"}}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.connectionRef is immutable");
  }

  private static GenericKubernetesResource dliConnection(String name, String specYaml) {
    return resource("DliConnection", namespace, name, specYaml);
  }

  private static GenericKubernetesResource clusterConnection(String name, String specYaml) {
    return resource("ClusterDliConnection", null, name, specYaml);
  }

  private static GenericKubernetesResource job(String name, String specYaml) {
    return resource("DliJob", namespace, name, specYaml);
  }

  private static GenericKubernetesResource resource(
      String kind, String ns, String name, String specYaml) {
    String yaml =
        "apiVersion: dli.operator.dev/v1alpha1\nkind: "
            + kind
            + "\nmetadata:\n  name: "
            + name
            + (ns == null ? "" : "\n  namespace: " + ns)
            + "\nspec:\n"
            + specYaml.indent(2);
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource create(GenericKubernetesResource resource) {
    return controlPlane
        .admin()
        .resource(resource)
        .fieldValidation(FieldValidateable.Validation.STRICT)
        .create();
  }

  private static void assertRefused(GenericKubernetesResource resource, String message) {
    assertThatThrownBy(() -> create(resource))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }
}
