package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Secret anywhere; for cluster connections, usually in the operator's own namespace. */
public class NamespacedSecretRef extends LocalSecretRef {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "The Secret's namespace: usually the operator's own, where the chart lets it read Secrets.")
  private String namespace;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
