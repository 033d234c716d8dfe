package dev.operator.dli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServedKindsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            Set.of(
                "dlijobs",
                "dlijobs/status",
                "dlicronjobs",
                "dlicronjobs/status",
                "dliconnections",
                "clusterdliconnections"),
            List.of("DliJob", "DliCronJob", "DliConnection", "ClusterDliConnection"),
            List.of()),
        Arguments.of(
            Set.of("dlijobs", "dlijobs/status", "dlicronjobs"),
            List.of("DliJob", "DliCronJob"),
            List.of("dliconnections.dli.operator.dev", "clusterdliconnections.dli.operator.dev")),
        Arguments.of(
            Set.of("dlijobs", "dlijobs/status", "dliconnections", "clusterdliconnections"),
            List.of("DliJob", "DliConnection", "ClusterDliConnection"),
            List.of("dlicronjobs.dli.operator.dev")),
        Arguments.of(
            Set.of("dlicronjobs"),
            List.of("DliCronJob"),
            List.of(
                "dlijobs.dli.operator.dev",
                "dliconnections.dli.operator.dev",
                "clusterdliconnections.dli.operator.dev")),
        Arguments.of(
            Set.of(),
            List.of(),
            List.of(
                "dlijobs.dli.operator.dev",
                "dlicronjobs.dli.operator.dev",
                "dliconnections.dli.operator.dev",
                "clusterdliconnections.dli.operator.dev")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void servesWhatDiscoveryListsAndNamesTheMissingCrds(
      Set<String> resources, List<String> served, List<String> missing) {
    ServedKinds kinds = ServedKinds.of(resources);
    assertThat(kinds.served()).isEqualTo(served);
    assertThat(kinds.missing()).isEqualTo(missing);
    if (missing.isEmpty()) {
      assertThat(kinds.problem()).isNull();
    } else {
      assertThat(kinds.problem())
          .contains(missing)
          .contains("kubectl apply --server-side --force-conflicts -f crds/");
    }
  }
}
