package dev.operator.dli.api;

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
 * Build step (process-test-classes): fabric8's CRD generator sorts printer columns alphabetically;
 * this puts them back in the order the model declares them (Phase, Job ID, DLI Status, Queue, Age),
 * which is the order `kubectl get` shows.
 */
public final class PrinterColumnOrder {
  private PrinterColumnOrder() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    List<String> order = Arrays.stream(DliJob.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    crd.getSpec().getVersions().forEach(v -> v.getAdditionalPrinterColumns()
        .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> order.indexOf(c.getName()))));
    Files.writeString(file, "# Generated from the DliJob model by fabric8's CRD generator (make crds); do not edit.\n"
        + Serialization.asYaml(crd));
  }
}
