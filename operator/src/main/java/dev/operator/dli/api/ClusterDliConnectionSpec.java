package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** A platform team's connection, shared with the namespaces its selector picks. */
public class ClusterDliConnectionSpec extends ConnectionSpec {
  @Required
  @JsonPropertyDescription("The Secret with the credentials: namespace and name.")
  private NamespacedSecretRef credentialsSecretRef;

  @Required
  @JsonPropertyDescription(
      "The namespaces whose DliJobs may use this connection, by their labels; {} selects every"
          + " namespace (say so on purpose).")
  private LabelSelector namespaceSelector;

  public NamespacedSecretRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(NamespacedSecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }
}
