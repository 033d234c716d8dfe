package dev.operator.dli.client;

import java.net.URI;
import java.util.Objects;

/**
 * How requests authenticate: AK/SK signing or an IAM password token. toString never shows a secret.
 */
public sealed interface Credentials {

  /** Permanent or temporary AK/SK; temporary keys also carry a security token. */
  record AkSk(String accessKey, String secretKey, String securityToken) implements Credentials {
    public AkSk {
      requireText(accessKey, "accessKey");
      requireText(secretKey, "secretKey");
    }

    @Override
    public String toString() {
      return "AkSk[accessKey="
          + accessKey
          + ", secretKey=***"
          + (securityToken == null ? "" : ", securityToken=***")
          + "]";
    }
  }

  /** An IAM user's password, exchanged for a project-scoped token. */
  record IamPassword(URI iamEndpoint, String domainName, String username, String password)
      implements Credentials {
    public IamPassword {
      Objects.requireNonNull(iamEndpoint, "iamEndpoint");
      requireText(domainName, "domainName");
      requireText(username, "username");
      requireText(password, "password");
    }

    @Override
    public String toString() {
      return "IamPassword[iamEndpoint="
          + iamEndpoint
          + ", domainName="
          + domainName
          + ", username="
          + username
          + ", password=***]";
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
