package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ClusterDliConnectionSpec;
import dev.operator.dli.api.DliConnection;
import dev.operator.dli.lifecycle.Stall;
import dev.operator.dli.lifecycle.StallReason;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionPolicyTest {
  private static final LabelSelector TEAM_A =
      new LabelSelectorBuilder().addToMatchLabels("team", "a").build();

  static Stream<Arguments> clusterCases() {
    return Stream.of(
        Arguments.of("selected", Map.of("team", "a"), cluster(TEAM_A), null),
        Arguments.of(
            "not selected", Map.of("team", "b"), cluster(TEAM_A), StallReason.ConnectionNotAllowed),
        Arguments.of("no labels", Map.of(), cluster(TEAM_A), StallReason.ConnectionNotAllowed),
        Arguments.of("{} selects every namespace", Map.of(), cluster(new LabelSelector()), null),
        Arguments.of(
            "no selector selects none", Map.of(), cluster(null), StallReason.ConnectionNotAllowed),
        Arguments.of("not there", Map.of("team", "a"), null, StallReason.ConnectionNotFound));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterCases")
  void aClusterConnectionServesTheNamespacesItSelects(
      String name, Map<String, String> labels, ClusterDliConnection found, StallReason expected) {
    Optional<Stall> refusal =
        ConnectionPolicy.clusterConnection("team-ns", labels, "shared", found);
    assertThat(refusal.map(Stall::reason).orElse(null)).isEqualTo(expected);
    refusal.ifPresent(
        r -> assertThat(r.message()).contains("team-ns").contains("ClusterDliConnection shared"));
  }

  @Test
  void aDliConnectionServesItsOwnNamespaceOnly() {
    assertThat(ConnectionPolicy.dliConnection("a", "mine", namespaced("a"))).isEmpty();
    assertThat(ConnectionPolicy.dliConnection("a", "mine", namespaced("b")))
        .get()
        .extracting(Stall::reason)
        .isEqualTo(StallReason.ConnectionNotAllowed);
    Stall missing = ConnectionPolicy.dliConnection("a", "mine", null).orElseThrow();
    assertThat(missing.reason()).isEqualTo(StallReason.ConnectionNotFound);
    assertThat(missing.message()).contains("DliConnection a/mine");
  }

  @Test
  void aConnectionBeingDeletedTakesNoNewSubmits() {
    assertThat(ConnectionPolicy.newSubmits("DliConnection a/mine", false)).isEmpty();
    assertThat(ConnectionPolicy.newSubmits("DliConnection a/mine", true).orElseThrow().message())
        .contains("DliConnection a/mine")
        .contains("being deleted");
  }

  private static ClusterDliConnection cluster(LabelSelector selector) {
    ClusterDliConnection c = new ClusterDliConnection();
    c.setMetadata(new ObjectMetaBuilder().withName("shared").build());
    ClusterDliConnectionSpec spec = new ClusterDliConnectionSpec();
    spec.setNamespaceSelector(selector);
    c.setSpec(spec);
    return c;
  }

  private static DliConnection namespaced(String namespace) {
    DliConnection c = new DliConnection();
    c.setMetadata(new ObjectMetaBuilder().withName("mine").withNamespace(namespace).build());
    return c;
  }
}
