package dev.operator.dli.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.testing.ControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed CRD copies must be what the model generates: run `make crds` after a model change.
 */
class CommittedCrdTest {
  @ParameterizedTest
  @CsvSource({
    "../crds, dlijobs.dli.operator.dev-v1.yml",
    "../helm/dli-operator/crds, dlijobs.dli.operator.dev-v1.yml",
    "../crds, dlicronjobs.dli.operator.dev-v1.yml",
    "../helm/dli-operator/crds, dlicronjobs.dli.operator.dev-v1.yml",
    "../crds, dliconnections.dli.operator.dev-v1.yml",
    "../helm/dli-operator/crds, dliconnections.dli.operator.dev-v1.yml",
    "../crds, clusterdliconnections.dli.operator.dev-v1.yml",
    "../helm/dli-operator/crds, clusterdliconnections.dli.operator.dev-v1.yml"
  })
  void committedCopyEqualsTheGeneratedCrd(String directory, String file) throws IOException {
    Path committed = Path.of(directory).resolve(file);
    Path generated = ControlPlane.CRD_FILE.resolveSibling(file);
    assertThat(committed).exists();
    assertThat(Files.readString(committed))
        .as("%s differs from the CRD generated from the model; run `make crds`", committed)
        .isEqualTo(Files.readString(generated));
  }
}
