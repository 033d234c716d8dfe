package dev.operator.dli.bench;

import dev.operator.dli.controlplane.K8sVersion;
import dev.operator.dli.controlplane.LocalControlPlane;
import java.nio.file.Path;
import java.util.List;

/**
 * The control plane of a bench, with the operator's CRDs installed. bench/*.sh run the benches in
 * operator/, where the CRD generated from the model and the operator jar are in target/.
 */
final class BenchControlPlane {
  // The operator serves every kind whose CRD is there: a bench measures it with all of them.
  private static final List<Path> CRD_FILES =
      List.of(
          Path.of("target/classes/META-INF/fabric8/dlijobs.dli.operator.dev-v1.yml"),
          Path.of("target/classes/META-INF/fabric8/dlicronjobs.dli.operator.dev-v1.yml"),
          Path.of("target/classes/META-INF/fabric8/dliconnections.dli.operator.dev-v1.yml"),
          Path.of("target/classes/META-INF/fabric8/clusterdliconnections.dli.operator.dev-v1.yml"));

  private BenchControlPlane() {}

  static LocalControlPlane start() {
    LocalControlPlane controlPlane = LocalControlPlane.start(K8sVersion.findAbove(Path.of("")));
    try {
      CRD_FILES.forEach(controlPlane::installCrd);
    } catch (RuntimeException e) {
      controlPlane.close();
      throw e;
    }
    return controlPlane;
  }
}
