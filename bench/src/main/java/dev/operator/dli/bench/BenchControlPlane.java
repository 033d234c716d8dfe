package dev.operator.dli.bench;

import dev.operator.dli.controlplane.K8sVersion;
import dev.operator.dli.controlplane.LocalControlPlane;
import java.nio.file.Path;

/**
 * The control plane of a bench, with the DliJob CRD installed. bench/*.sh run the benches in
 * operator/, where the CRD generated from the model and the operator jar are in target/.
 */
final class BenchControlPlane {
  private static final Path CRD_FILE =
      Path.of("target/classes/META-INF/fabric8/dlijobs.dli.operator.dev-v1.yml");

  private BenchControlPlane() {}

  static LocalControlPlane start() {
    LocalControlPlane controlPlane = LocalControlPlane.start(K8sVersion.findAbove(Path.of("")));
    try {
      controlPlane.installCrd(CRD_FILE);
    } catch (RuntimeException e) {
      controlPlane.close();
      throw e;
    }
    return controlPlane;
  }
}
