package dev.operator.dli.connection;

import dev.operator.dli.api.ConnectionSpec;
import dev.operator.dli.client.Credentials;
import dev.operator.dli.client.DliConnection;
import dev.operator.dli.client.RetryPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a DLI connection from a connection resource's spec and its credentials Secret ({@code
 * accessKey} + {@code secretKey} (+ {@code securityToken}), or {@code domainName} + {@code
 * username} + {@code password} with the spec's {@code iamEndpoint}), or from a deprecated
 * connection Secret that holds everything ({@code endpoint}, {@code projectId}, optional {@code
 * region}, {@code iamEndpoint}, {@code caBundle}, {@code allowInsecureHttp}, and the credentials).
 * Errors name the Secret and the key, never a value.
 */
final class ConnectionParser {
  /** The connection cannot be built; the message is safe to show. */
  static final class Unusable extends RuntimeException {
    Unusable(String message) {
      super(message);
    }
  }

  private ConnectionParser() {}

  /**
   * @param name the connection's name in logs and metrics ("DliConnection ns/name")
   */
  static DliConnection of(
      String name, ConnectionSpec spec, Secret secret, ConnectionSettings settings) {
    String secretName = nameOf(secret);
    Map<String, String> data = decode(secret, secretName);
    URI iam = spec.getIamEndpoint() == null ? null : URI.create(spec.getIamEndpoint());
    Credentials credentials = credentials(data, iam, secretName, "spec.iamEndpoint of " + name);
    Double rps = spec.getRequestsPerSecond();
    return build(
        DliConnection.builder(URI.create(spec.getEndpoint()), spec.getProjectId(), credentials)
            .region(spec.getRegion())
            .caBundle(spec.getCaBundle())
            .allowInsecureHttp(spec.allowsInsecureHttp())
            .requestsPerSecond(rps == null ? settings.requestsPerSecond() : rps),
        name,
        settings);
  }

  /**
   * A deprecated connection Secret (spec.connection.secretName, DLI_DEFAULT_CONNECTION ns/name).
   */
  static DliConnection legacy(Secret secret, ConnectionSettings settings) {
    String name = nameOf(secret);
    Map<String, String> data = decode(secret, name);
    URI endpoint = uri(data, "endpoint", name);
    String projectId = required(data, "projectId", name);
    URI iam = data.containsKey("iamEndpoint") ? uri(data, "iamEndpoint", name) : null;
    Credentials credentials = credentials(data, iam, name, "key iamEndpoint of Secret " + name);
    String insecure = data.getOrDefault("allowInsecureHttp", "false");
    if (!insecure.equals("true") && !insecure.equals("false")) {
      throw new Unusable("Secret " + name + " key allowInsecureHttp must be \"true\" or \"false\"");
    }
    return build(
        DliConnection.builder(endpoint, projectId, credentials)
            .region(data.get("region"))
            .caBundle(data.get("caBundle"))
            .allowInsecureHttp(insecure.equals("true"))
            .requestsPerSecond(settings.requestsPerSecond()),
        name,
        settings);
  }

  private static DliConnection build(
      DliConnection.Builder builder, String name, ConnectionSettings settings) {
    try {
      return builder
          .timeouts(settings.connectTimeout(), settings.readTimeout())
          .name(name)
          // The connection's scheduler paces every call on threads of its own; a failed call is
          // retried by its DliJob's next pass, never by sleeping in the call.
          .pacedByCaller(true)
          .retryPolicy(RetryPolicy.NONE)
          .build();
    } catch (IllegalArgumentException e) {
      throw new Unusable(name + ": " + e.getMessage());
    }
  }

  /**
   * @param iam IAM's endpoint, needed for username/password credentials
   * @param iamSource where IAM's endpoint is set, for the error
   */
  private static Credentials credentials(
      Map<String, String> data, URI iam, String secretName, String iamSource) {
    if (data.containsKey("accessKey") || data.containsKey("secretKey")) {
      return new Credentials.AkSk(
          required(data, "accessKey", secretName),
          required(data, "secretKey", secretName),
          data.get("securityToken"));
    }
    if (data.containsKey("username") || data.containsKey("password")) {
      if (iam == null) {
        throw new Unusable(
            "Secret " + secretName + " holds username/password: " + iamSource + " must be set");
      }
      return new Credentials.IamPassword(
          iam,
          required(data, "domainName", secretName),
          required(data, "username", secretName),
          required(data, "password", secretName));
    }
    throw new Unusable(
        "Secret "
            + secretName
            + " has neither accessKey/secretKey nor username/password/domainName");
  }

  private static String nameOf(Secret secret) {
    return secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
  }

  private static Map<String, String> decode(Secret secret, String name) {
    Map<String, String> data = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) -> {
                try {
                  data.put(
                      k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8).trim());
                } catch (IllegalArgumentException e) {
                  throw new Unusable("Secret " + name + " key " + k + " is not valid base64");
                }
              });
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.trim()));
    }
    data.values().removeIf(String::isEmpty);
    return data;
  }

  private static String required(Map<String, String> data, String key, String name) {
    String value = data.get(key);
    if (value == null) {
      throw new Unusable("Secret " + name + " is missing key " + key);
    }
    return value;
  }

  private static URI uri(Map<String, String> data, String key, String name) {
    String value = required(data, key, name);
    try {
      URI uri = new URI(value);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // explained below
    }
    throw new Unusable(
        "Secret " + name + " key " + key + " must be a URL like https://dli.example.com");
  }
}
