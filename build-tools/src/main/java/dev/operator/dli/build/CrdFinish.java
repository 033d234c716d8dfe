package dev.operator.dli.build;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Build step of the operator module (process-classes, right after fabric8's CRD generator), for
 * what the generator cannot express:
 *
 * <ul>
 *   <li>printer columns in the order the model class declares them (the generator sorts them
 *       alphabetically), which is the order {@code kubectl get} shows;
 *   <li>the root description for {@code kubectl explain}, from the model's
 *       {@code @JsonClassDescription};
 *   <li>a default status {@code {observedGeneration: 0}}, so that a resource the operator has not
 *       looked at yet reads as in progress to kstatus (Flux) and Argo CD instead of as current;
 *   <li>a mutable job template: a DliCronJob's {@code spec.jobTemplate.spec} is a DliJob's spec,
 *       whose transition rules (those with {@code oldSelf}: immutable submission fields, the
 *       one-way cancel) would refuse every edit of the template; a template is not a submission,
 *       each run is a new DliJob, so those rules (and "Immutable." in the descriptions) are dropped
 *       from it.
 * </ul>
 *
 * <p>Arguments: the generated CRD file, then the model class (on the classpath of the build step).
 */
public final class CrdFinish {
  private CrdFinish() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: CrdFinish CRD_FILE MODEL_CLASS");
    }
    Path file = Path.of(args[0]);
    Class<?> model = Class.forName(args[1], false, Thread.currentThread().getContextClassLoader());
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      orderColumns(version, model);
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      JsonClassDescription description = model.getAnnotation(JsonClassDescription.class);
      if (description != null) {
        root.setDescription(description.value());
      }
      root.getProperties()
          .get("status")
          .setDefault(Serialization.jsonMapper().valueToTree(Map.of("observedGeneration", 0)));
      JSONSchemaProps template =
          root.getProperties().get("spec").getProperties().get("jobTemplate");
      if (template != null) {
        dropTransitionRules(template.getProperties().get("spec"));
      }
    }
    Files.writeString(
        file,
        "# Generated from the "
            + model.getSimpleName()
            + " model by fabric8's CRD generator (make crds); do not edit.\n"
            + Serialization.asYaml(crd));
  }

  private static void dropTransitionRules(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (schema.getDescription() != null) {
      // kubectl explain must not call a template's field immutable
      schema.setDescription(schema.getDescription().replace(" Immutable.", ""));
    }
    if (schema.getXKubernetesValidations() != null) {
      schema.getXKubernetesValidations().removeIf(rule -> rule.getRule().contains("oldSelf"));
      if (schema.getXKubernetesValidations().isEmpty()) {
        schema.setXKubernetesValidations(null);
      }
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(CrdFinish::dropTransitionRules);
    }
    if (schema.getItems() != null) {
      dropTransitionRules(schema.getItems().getSchema());
    }
  }

  private static void orderColumns(CustomResourceDefinitionVersion version, Class<?> model) {
    List<String> order =
        Arrays.stream(model.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    version
        .getAdditionalPrinterColumns()
        .sort(
            Comparator.comparingInt(
                (CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
  }
}
