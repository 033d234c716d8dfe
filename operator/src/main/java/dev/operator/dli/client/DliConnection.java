package dev.operator.dli.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach DLI. Plain http is refused unless {@code allowInsecureHttp}; a PEM {@code
 * caBundle} adds trust on top of the JDK's CAs.
 *
 * @param name what the log calls this connection (default: the endpoint's host)
 * @param requestsPerSecond the most the connection's {@link Budget} allows
 * @param pacedByCaller true when the caller takes a permit from {@link DliClient#budget()} before
 *     each call, on a thread of its own; false: each call waits for its permit itself
 */
public record DliConnection(
    URI endpoint,
    String projectId,
    String region,
    Credentials credentials,
    String caBundle,
    boolean allowInsecureHttp,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retryPolicy,
    double requestsPerSecond,
    String name,
    boolean pacedByCaller) {

  public DliConnection {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalArgumentException("projectId must not be empty");
    }
    String scheme = endpoint.getScheme();
    if (!"https".equalsIgnoreCase(scheme)
        && !("http".equalsIgnoreCase(scheme) && allowInsecureHttp)) {
      throw new IllegalArgumentException(
          "endpoint "
              + endpoint
              + " must be an https URL"
              + ("http".equalsIgnoreCase(scheme) ? " (plain http needs allowInsecureHttp)" : ""));
    }
    if (endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint " + endpoint + " has no host");
    }
    if (credentials instanceof Credentials.IamPassword iam) {
      String iamScheme = iam.iamEndpoint().getScheme();
      if (!"https".equalsIgnoreCase(iamScheme)
          && !("http".equalsIgnoreCase(iamScheme) && allowInsecureHttp)) {
        throw new IllegalArgumentException(
            "iamEndpoint " + iam.iamEndpoint() + " must be an https URL");
      }
    }
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
    requestsPerSecond = requestsPerSecond <= 0 ? 10 : requestsPerSecond;
    name = name == null || name.isBlank() ? endpoint.getHost() : name;
  }

  /**
   * A connection to build: the three things every connection needs, then whatever differs from the
   * defaults.
   */
  public static Builder builder(URI endpoint, String projectId, Credentials credentials) {
    return new Builder(endpoint, projectId, credentials);
  }

  /** Builds a {@link DliConnection}; unset options take the defaults above. */
  public static final class Builder {
    private final URI endpoint;
    private final String projectId;
    private final Credentials credentials;
    private String region;
    private String caBundle;
    private boolean allowInsecureHttp;
    private Duration connectTimeout;
    private Duration readTimeout;
    private RetryPolicy retryPolicy;
    private double requestsPerSecond;
    private String name;
    private boolean pacedByCaller;

    private Builder(URI endpoint, String projectId, Credentials credentials) {
      this.endpoint = endpoint;
      this.projectId = projectId;
      this.credentials = credentials;
    }

    public Builder region(String value) {
      this.region = value;
      return this;
    }

    /** PEM certificates trusted on top of the JDK's CAs. */
    public Builder caBundle(String pem) {
      this.caBundle = pem;
      return this;
    }

    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    public Builder timeouts(Duration connect, Duration read) {
      this.connectTimeout = connect;
      this.readTimeout = read;
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = policy;
      return this;
    }

    public Builder requestsPerSecond(double rate) {
      this.requestsPerSecond = rate;
      return this;
    }

    public Builder name(String connectionName) {
      this.name = connectionName;
      return this;
    }

    /** The caller takes each call's permit from the budget beforehand, on a thread of its own. */
    public Builder pacedByCaller(boolean paced) {
      this.pacedByCaller = paced;
      return this;
    }

    public DliConnection build() {
      return new DliConnection(
          endpoint,
          projectId,
          region,
          credentials,
          caBundle,
          allowInsecureHttp,
          connectTimeout,
          readTimeout,
          retryPolicy,
          requestsPerSecond,
          name,
          pacedByCaller);
    }
  }

  @Override
  public String toString() {
    return "DliConnection[endpoint="
        + endpoint
        + ", projectId="
        + projectId
        + ", credentials="
        + credentials
        + "]";
  }
}
