package dev.operator.dli.runtime;

import dev.operator.dli.connection.ConnectionSettings;
import dev.operator.dli.lifecycle.Timing;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's configuration, from environment variables (all optional):
 *
 * <table>
 * <tr><td>WATCH_NAMESPACES</td><td>comma-separated namespaces to watch; empty = all</td></tr>
 * <tr><td>DLI_DEFAULT_CONNECTION</td><td>the ClusterDliConnection of DliJobs that name none
 * (deprecated: namespace/name of a connection Secret)</td></tr>
 * <tr><td>DLI_SWEEP_INTERVAL</td><td>pause between two status sweeps of a connection, stretched so that
 *     sweeps take at most half its budget (2s)</td></tr>
 * <tr><td>DLI_RETRY_INTERVAL</td><td>first wait after a failed DLI call, doubling after each (2s)</td></tr>
 * <tr><td>DLI_MAX_ERROR_BACKOFF</td><td>longest wait after DLI errors (5m)</td></tr>
 * <tr><td>DLI_LOOKUP_SETTLE</td><td>how long after an unconfirmed submission the operator keeps looking for the
 *     job before it takes it as never submitted; longer than DLI's list lag (2m)</td></tr>
 * <tr><td>DLI_FLINK_START_TIMEOUT</td><td>how long a Flink job DLI accepted to run may stay in job_init or
 *     job_submitting before its DliJob is Stalled (FlinkStartTimeout) (10m)</td></tr>
 * <tr><td>DLI_REQUESTS_PER_SECOND</td><td>the most a connection's budget allows; it learns less from the
 *     gateway's 429 (10)</td></tr>
 * <tr><td>DLI_CALLS_AT_ONCE</td><td>calls of one connection waiting for their answers at once (8)</td></tr>
 * <tr><td>DLI_CALL_THREADS</td><td>calls waiting for their answers at once over all connections: the
 *     threads they share (16)</td></tr>
 * <tr><td>DLI_CONNECT_TIMEOUT / DLI_READ_TIMEOUT</td><td>HTTP timeouts (10s / 30s)</td></tr>
 * <tr><td>RECONCILE_CONCURRENCY</td><td>resources reconciled at once, all kinds together (30)</td></tr>
 * <tr><td>OPERATOR_HTTP_PORT</td><td>port of /healthz and /readyz (8080)</td></tr>
 * <tr><td>LEADER_ELECTION</td><td>true to elect a leader among replicas (false)</td></tr>
 * <tr><td>LEADER_ELECTION_NAMESPACE</td><td>namespace of the Lease (POD_NAMESPACE)</td></tr>
 * <tr><td>POD_NAME</td><td>this instance's name in Events and the Lease (host name)</td></tr>
 * </table>
 *
 * Durations are written like 500ms, 2s, 5m or 1h.
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String defaultConnection,
    Timing timing,
    ConnectionSettings connections,
    int concurrency,
    int httpPort,
    boolean leaderElection,
    String leaseNamespace,
    String instance,
    Clock cronClock) {
  /**
   * Reconciles wait only for the API server, so more of them than cores may run at once (one pool
   * for DliJobs and DliCronJobs); bench/cron.sh measured both 10 and 30 (bench/README.md).
   */
  static final int DEFAULT_CONCURRENCY = 30;

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** Settings of the per-job polling that the per-connection sweep replaced. */
  private static final List<String> REPLACED_BY_THE_SWEEP =
      List.of(
          "DLI_POLL_INTERVAL",
          "DLI_MAX_POLL_INTERVAL",
          "DLI_CANCEL_POLL_INTERVAL",
          "DLI_LIST_POLLING_THRESHOLD");

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    Function<String, String> get =
        key -> {
          String value = env.get(key);
          return value == null || value.isBlank() ? null : value.trim();
        };
    Set<String> namespaces =
        get.apply("WATCH_NAMESPACES") == null
            ? Set.of()
            : Arrays.stream(get.apply("WATCH_NAMESPACES").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    String defaultConnection = get.apply("DLI_DEFAULT_CONNECTION");
    if (defaultConnection != null
        && !defaultConnection.matches("([a-z0-9-]+/)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "DLI_DEFAULT_CONNECTION must be a ClusterDliConnection's name (or, deprecated,"
              + " namespace/secret-name of a connection Secret), not "
              + defaultConnection);
    }
    for (String gone : REPLACED_BY_THE_SWEEP) {
      if (get.apply(gone) != null) {
        throw new IllegalArgumentException(
            gone
                + " is gone: each connection's sweep reads statuses and wakes the DliJobs whose"
                + " status changed; DLI_SWEEP_INTERVAL sets its pace");
      }
    }
    Timing defaults = Timing.defaults();
    Timing timing =
        new Timing(
            duration(get, "DLI_RETRY_INTERVAL", defaults.retryInterval()),
            duration(get, "DLI_MAX_ERROR_BACKOFF", defaults.maxErrorBackoff()),
            duration(get, "DLI_LOOKUP_SETTLE", defaults.lookupSettle()),
            duration(get, "DLI_FLINK_START_TIMEOUT", defaults.flinkStartTimeout()),
            defaults.jitter(),
            defaults.random());
    ConnectionSettings connectionDefaults = ConnectionSettings.defaults();
    ConnectionSettings connections =
        new ConnectionSettings(
            duration(get, "DLI_CONNECT_TIMEOUT", connectionDefaults.connectTimeout()),
            duration(get, "DLI_READ_TIMEOUT", connectionDefaults.readTimeout()),
            number(get, "DLI_REQUESTS_PER_SECOND", connectionDefaults.requestsPerSecond()),
            duration(get, "DLI_SWEEP_INTERVAL", connectionDefaults.sweepInterval()),
            positiveInteger(get, "DLI_CALLS_AT_ONCE", connectionDefaults.callsAtOnce()),
            positiveInteger(get, "DLI_CALL_THREADS", connectionDefaults.callThreads()));
    String instance = get.apply("POD_NAME") != null ? get.apply("POD_NAME") : hostName();
    boolean leaderElection = "true".equalsIgnoreCase(get.apply("LEADER_ELECTION"));
    String leaseNamespace =
        get.apply("LEADER_ELECTION_NAMESPACE") != null
            ? get.apply("LEADER_ELECTION_NAMESPACE")
            : get.apply("POD_NAMESPACE");
    if (leaderElection && leaseNamespace == null) {
      throw new IllegalArgumentException(
          "LEADER_ELECTION=true needs LEADER_ELECTION_NAMESPACE (or POD_NAMESPACE)");
    }
    return builder()
        .watchNamespaces(namespaces)
        .defaultConnection(defaultConnection)
        .timing(timing)
        .connections(connections)
        .concurrency(positiveInteger(get, "RECONCILE_CONCURRENCY", DEFAULT_CONCURRENCY))
        .httpPort(positiveInteger(get, "OPERATOR_HTTP_PORT", 8080))
        .leaderElection(leaderElection, leaseNamespace)
        .instance(instance)
        .build();
  }

  /** A configuration with the defaults of {@link #fromEnvironment}, to change where needed. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link OperatorConfig}; what is not set keeps the default of the environment
   * variable.
   */
  public static final class Builder {
    private Set<String> watchNamespaces = Set.of();
    private String defaultConnection;
    private Timing timing = Timing.defaults();
    private ConnectionSettings connections = ConnectionSettings.defaults();
    private int concurrency = DEFAULT_CONCURRENCY;
    private int httpPort = 8080;
    private boolean leaderElection;
    private String leaseNamespace;
    private String instance = "dli-operator";
    private Clock cronClock = Clock.systemUTC();

    private Builder() {}

    /** Empty: all namespaces. */
    public Builder watchNamespaces(Set<String> namespaces) {
      this.watchNamespaces = Set.copyOf(namespaces);
      return this;
    }

    /**
     * For DliJobs that name no connection: a ClusterDliConnection's name, or (deprecated)
     * "namespace/name" of a connection Secret; null for none.
     */
    public Builder defaultConnection(String ref) {
      this.defaultConnection = ref;
      return this;
    }

    public Builder timing(Timing value) {
      this.timing = value;
      return this;
    }

    public Builder connections(ConnectionSettings value) {
      this.connections = value;
      return this;
    }

    public Builder concurrency(int threads) {
      this.concurrency = threads;
      return this;
    }

    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    public Builder leaderElection(boolean on, String leaseNamespaceName) {
      this.leaderElection = on;
      this.leaseNamespace = leaseNamespaceName;
      return this;
    }

    /** This instance's name in Events and the Lease. */
    public Builder instance(String name) {
      this.instance = name;
      return this;
    }

    /**
     * The clock DliCronJobs read their slots from; tests move it forward instead of waiting for
     * real minutes. Nothing else reads it.
     */
    public Builder cronClock(Clock clock) {
      this.cronClock = clock;
      return this;
    }

    public OperatorConfig build() {
      return new OperatorConfig(
          watchNamespaces,
          defaultConnection,
          timing,
          connections,
          concurrency,
          httpPort,
          leaderElection,
          leaseNamespace,
          instance,
          cronClock);
    }
  }

  private static Duration duration(Function<String, String> get, String key, Duration fallback) {
    String value = get.apply(key);
    if (value == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + " must be a duration like 500ms, 2s, 5m or 1h, not " + value);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static int positiveInteger(Function<String, String> get, String key, int fallback) {
    String value = get.apply(key);
    try {
      int n = value == null ? fallback : Integer.parseInt(value);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number above 0, not " + value);
    }
  }

  private static double number(Function<String, String> get, String key, double fallback) {
    String value = get.apply(key);
    try {
      double n = value == null ? fallback : Double.parseDouble(value);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a positive number, not " + value);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "dli-operator";
    }
  }
}
