package dev.operator.dli.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach DLI. Plain http is refused unless {@code allowInsecureHttp}; a PEM
 * {@code caBundle} adds trust on top of the JDK's CAs.
 */
public record DliConnection(URI endpoint, String projectId, String region, Credentials credentials, String caBundle,
                            boolean allowInsecureHttp, Duration connectTimeout, Duration readTimeout,
                            RetryPolicy retryPolicy, double requestsPerSecond) {

  public DliConnection {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalArgumentException("projectId must not be empty");
    }
    String scheme = endpoint.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !("http".equalsIgnoreCase(scheme) && allowInsecureHttp)) {
      throw new IllegalArgumentException("endpoint " + endpoint + " must be an https URL"
          + ("http".equalsIgnoreCase(scheme) ? " (plain http needs allowInsecureHttp)" : ""));
    }
    if (endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint " + endpoint + " has no host");
    }
    if (credentials instanceof Credentials.IamPassword iam) {
      String iamScheme = iam.iamEndpoint().getScheme();
      if (!"https".equalsIgnoreCase(iamScheme) && !("http".equalsIgnoreCase(iamScheme) && allowInsecureHttp)) {
        throw new IllegalArgumentException("iamEndpoint " + iam.iamEndpoint() + " must be an https URL");
      }
    }
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
    requestsPerSecond = requestsPerSecond <= 0 ? 10 : requestsPerSecond;
  }

  public static DliConnection of(URI endpoint, String projectId, Credentials credentials) {
    return new DliConnection(endpoint, projectId, null, credentials, null, false, null, null, null, 0);
  }

  public DliConnection withCaBundle(String pem) {
    return new DliConnection(endpoint, projectId, region, credentials, pem, allowInsecureHttp, connectTimeout,
        readTimeout, retryPolicy, requestsPerSecond);
  }

  public DliConnection withRetryPolicy(RetryPolicy policy) {
    return new DliConnection(endpoint, projectId, region, credentials, caBundle, allowInsecureHttp, connectTimeout,
        readTimeout, policy, requestsPerSecond);
  }

  public DliConnection withTimeouts(Duration connect, Duration read) {
    return new DliConnection(endpoint, projectId, region, credentials, caBundle, allowInsecureHttp, connect, read,
        retryPolicy, requestsPerSecond);
  }

  public DliConnection withRequestsPerSecond(double rate) {
    return new DliConnection(endpoint, projectId, region, credentials, caBundle, allowInsecureHttp, connectTimeout,
        readTimeout, retryPolicy, rate);
  }

  @Override
  public String toString() {
    return "DliConnection[endpoint=" + endpoint + ", projectId=" + projectId + ", credentials=" + credentials + "]";
  }
}
