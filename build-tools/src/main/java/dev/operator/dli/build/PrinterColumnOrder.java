package dev.operator.dli.build;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step of the operator module (process-classes, right after fabric8's CRD generator): the
 * generator sorts printer columns alphabetically; this puts them back in the order the model class
 * declares them, which is the order {@code kubectl get} shows.
 *
 * <p>Arguments: the generated CRD file, then the model class (on the classpath of the build step).
 */
public final class PrinterColumnOrder {
  private PrinterColumnOrder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder CRD_FILE MODEL_CLASS");
    }
    Path file = Path.of(args[0]);
    Class<?> model = Class.forName(args[1], false, Thread.currentThread().getContextClassLoader());
    List<String> order =
        Arrays.stream(model.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    crd.getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getAdditionalPrinterColumns()
                    .sort(
                        Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) -> order.indexOf(c.getName()))));
    Files.writeString(
        file,
        "# Generated from the DliJob model by fabric8's CRD generator (make crds); do not edit.\n"
            + Serialization.asYaml(crd));
  }
}
