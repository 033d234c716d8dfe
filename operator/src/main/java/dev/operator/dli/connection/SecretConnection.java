package dev.operator.dli.connection;

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
 * Reads a connection Secret: {@code endpoint}, {@code projectId}, optional {@code region}, then
 * either {@code accessKey} + {@code secretKey} (+ {@code securityToken}) or {@code iamEndpoint} +
 * {@code domainName} + {@code username} + {@code password}; optional {@code caBundle} and {@code
 * allowInsecureHttp}. Errors name the Secret and the key, never a value.
 */
final class SecretConnection {
  /** The Secret cannot be used; the message is safe to show. */
  static final class InvalidSecret extends RuntimeException {
    InvalidSecret(String message) {
      super(message);
    }
  }

  private SecretConnection() {}

  static DliConnection parse(Secret secret, ConnectionSettings settings) {
    String name = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    Map<String, String> data = decode(secret, name);
    URI endpoint = uri(data, "endpoint", name);
    String projectId = required(data, "projectId", name);
    Credentials credentials;
    if (data.containsKey("accessKey") || data.containsKey("secretKey")) {
      credentials =
          new Credentials.AkSk(
              required(data, "accessKey", name),
              required(data, "secretKey", name),
              data.get("securityToken"));
    } else if (data.containsKey("iamEndpoint") || data.containsKey("username")) {
      credentials =
          new Credentials.IamPassword(
              uri(data, "iamEndpoint", name),
              required(data, "domainName", name),
              required(data, "username", name),
              required(data, "password", name));
    } else {
      throw new InvalidSecret(
          "Secret "
              + name
              + " has neither accessKey/secretKey nor iamEndpoint/domainName/"
              + "username/password");
    }
    String insecure = data.getOrDefault("allowInsecureHttp", "false").trim();
    if (!insecure.equals("true") && !insecure.equals("false")) {
      throw new InvalidSecret(
          "Secret " + name + " key allowInsecureHttp must be \"true\" or \"false\"");
    }
    try {
      return DliConnection.builder(endpoint, projectId, credentials)
          .region(data.get("region"))
          .caBundle(data.get("caBundle"))
          .allowInsecureHttp(insecure.equals("true"))
          .timeouts(settings.connectTimeout(), settings.readTimeout())
          .requestsPerSecond(settings.requestsPerSecond())
          .name(name)
          // The connection's scheduler paces every call on threads of its own; a failed call is
          // retried by its DliJob's next pass, never by sleeping in the call.
          .pacedByCaller(true)
          .retryPolicy(RetryPolicy.NONE)
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidSecret("Secret " + name + ": " + e.getMessage());
    }
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
                  throw new InvalidSecret("Secret " + name + " key " + k + " is not valid base64");
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
      throw new InvalidSecret("Secret " + name + " is missing key " + key);
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
    throw new InvalidSecret(
        "Secret " + name + " key " + key + " must be a URL like https://dli.example.com");
  }
}
