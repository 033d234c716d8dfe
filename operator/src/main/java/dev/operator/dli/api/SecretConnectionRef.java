package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which Secret holds the DLI endpoint and credentials (deprecated: use connectionRef). */
public class SecretConnectionRef {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of a Secret in the DliJob's namespace with the keys endpoint, projectId and either "
          + "accessKey/secretKey or iamEndpoint/domainName/username/password (optional: region, securityToken, "
          + "caBundle, allowInsecureHttp).")
  private String secretName;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
