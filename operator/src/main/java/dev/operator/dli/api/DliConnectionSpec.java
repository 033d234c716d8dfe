package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A team's own connection: its credentials Secret lives beside it. */
public class DliConnectionSpec extends ConnectionSpec {
  @Required
  @JsonPropertyDescription("The Secret with the credentials, in this connection's namespace.")
  private LocalSecretRef credentialsSecretRef;

  public LocalSecretRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(LocalSecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }
}
