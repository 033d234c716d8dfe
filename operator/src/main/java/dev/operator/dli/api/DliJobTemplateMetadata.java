package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The labels and annotations every run of a DliCronJob gets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DliJobTemplateMetadata {
  @JsonPropertyDescription(
      "Labels of each run. GitOps tracking labels (app.kubernetes.io/instance, Flux's"
          + " kustomize.toolkit.fluxcd.io/* and helm.toolkit.fluxcd.io/*) are not copied: a run"
          + " is not in Git.")
  private Map<String, String> labels;

  @JsonPropertyDescription(
      "Annotations of each run. Argo CD's tracking annotation (argocd.argoproj.io/tracking-id)"
          + " is not copied: a run is not in Git.")
  private Map<String, String> annotations;

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
