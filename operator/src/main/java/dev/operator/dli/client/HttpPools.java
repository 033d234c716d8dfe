package dev.operator.dli.client;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * One OkHttpClient whose dispatcher and connection pool every {@link DliClient} built on it shares;
 * each client derives its TLS trust and timeouts from it ({@code newBuilder()}), so that many
 * connections hold one pool of sockets. Connections with the same trust (the same caBundle) get the
 * same socket factory, so that they reuse each other's idle sockets to the same endpoint: every
 * request is signed on its own. Closing a client leaves the pools; closing this ends them.
 */
public final class HttpPools implements AutoCloseable {
  /** One trust's TLS, and how many open clients use it. */
  private record Tls(SSLSocketFactory sockets, X509TrustManager trust, int users) {
    Tls joined() {
      return new Tls(sockets, trust, users + 1);
    }

    Tls left() {
      return users > 1 ? new Tls(sockets, trust, users - 1) : null;
    }
  }

  private final OkHttpClient base;

  /** Only the trusts of open clients: the connections come and go with what users apply. */
  private final Map<String, Tls> tlsByBundle = new ConcurrentHashMap<>();

  /** Pools for one client: OkHttp's default of 5 idle sockets. */
  public HttpPools() {
    this(5);
  }

  /**
   * @param idleSockets how many idle sockets the pool keeps (5 minutes each), for all connections
   */
  public HttpPools(int idleSockets) {
    this.base =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(idleSockets, 5, TimeUnit.MINUTES))
            // okhttp would silently resend a request after a connection failure; our retry policy
            // decides instead.
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .build();
  }

  /** The connection's own client on the shared pools, until {@link #release}. */
  OkHttpClient client(DliConnection connection) {
    Tls tls =
        tlsByBundle.compute(
            bundleOf(connection), (pem, known) -> known == null ? tls(pem) : known.joined());
    return base.newBuilder()
        .connectTimeout(connection.connectTimeout())
        .readTimeout(connection.readTimeout())
        .writeTimeout(connection.readTimeout())
        .sslSocketFactory(tls.sockets(), tls.trust())
        .build();
  }

  /** The connection's client is closed: its trust is kept only while others use it. */
  void release(DliConnection connection) {
    tlsByBundle.computeIfPresent(bundleOf(connection), (pem, known) -> known.left());
  }

  /** How many trusts are kept now. */
  int trusts() {
    return tlsByBundle.size();
  }

  private static String bundleOf(DliConnection connection) {
    return connection.caBundle() == null ? "" : connection.caBundle();
  }

  /** The sockets the pool holds now, idle or in use. */
  int sockets() {
    return base.connectionPool().connectionCount();
  }

  private static Tls tls(String pemBundle) {
    X509TrustManager trust = TrustStores.trustManager(pemBundle);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new X509TrustManager[] {trust}, null);
      return new Tls(context.getSocketFactory(), trust, 1);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }

  @Override
  public void close() {
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }
}
