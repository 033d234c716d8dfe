package dev.operator.dli.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The control plane's version, written once: in hack/k8s-version of the checkout. */
public final class K8sVersion {
  private K8sVersion() {}

  /** Reads hack/k8s-version in this directory or the nearest one above it. */
  public static String findAbove(Path directory) {
    Path start = directory.toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("hack/k8s-version");
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file).trim();
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + file, e);
        }
      }
    }
    throw new IllegalStateException("no hack/k8s-version above " + start);
  }
}
