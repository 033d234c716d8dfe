package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.testing.ControlPlane;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The namespace labels on the real API server: only the namespaces asked about are watched, each by
 * name; a label change wakes the DliJobs there; a deleted namespace's watch goes with it.
 */
class ConnectionObjectsIT {
  @RegisterExtension static final ControlPlane controlPlane = new ControlPlane();

  @Test
  void onlyTheNamespacesAskedAboutAreWatchedUntilTheyAreDeleted() {
    KubernetesClient admin = controlPlane.admin();
    namespace(admin, "asked", "a");
    namespace(admin, "unrelated", "b");
    Set<String> woken = ConcurrentHashMap.newKeySet();
    try (ConnectionObjects objects =
        new ConnectionObjects(
            admin,
            Set.of(),
            Set.of(),
            new ConnectionObjects.Wakes() {
              @Override
              public void jobsOf(String connectionKey) {}

              @Override
              public void clusterConnectionJobsIn(String namespace) {
                woken.add(namespace);
              }
            })) {
      assertThat(objects.namespaceLabels("asked").orElseThrow()).containsEntry("team", "a");
      assertThat(objects.namespacesWatched()).containsExactly("asked");

      namespace(admin, "asked", "c");
      Wait.until("the label change wakes the namespace's DliJobs", () -> woken.contains("asked"));
      assertThat(objects.namespaceLabels("asked").orElseThrow()).containsEntry("team", "c");

      admin.namespaces().withName("asked").delete();
      Wait.until(
          "the deleted namespace is no longer watched",
          Duration.ofMinutes(1),
          () -> objects.namespacesWatched().isEmpty());
    }
  }

  private static void namespace(KubernetesClient admin, String name, String team) {
    admin
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("team", team)
                .endMetadata()
                .build())
        .serverSideApply();
  }
}
