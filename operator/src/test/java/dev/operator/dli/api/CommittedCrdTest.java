package dev.operator.dli.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.testing.ControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed CRD copies must be what the model generates: run `make crds` after a model change.
 */
class CommittedCrdTest {
  @ParameterizedTest
  @ValueSource(strings = {"../crds", "../helm/dli-operator/crds"})
  void committedCopyEqualsTheGeneratedCrd(String directory) throws IOException {
    Path committed = Path.of(directory).resolve(ControlPlane.CRD_FILE.getFileName());
    assertThat(committed).exists();
    assertThat(Files.readString(committed))
        .as("%s differs from the CRD generated from the model; run `make crds`", committed)
        .isEqualTo(Files.readString(ControlPlane.CRD_FILE));
  }
}
