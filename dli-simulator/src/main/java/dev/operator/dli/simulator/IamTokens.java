package dev.operator.dli.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens issued by the simulated IAM, each valid for a while. */
final class IamTokens {
  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private volatile Duration lifetime;

  IamTokens(Duration lifetime) {
    this.lifetime = lifetime;
  }

  record Issued(String token, Instant issuedAt, Instant expiresAt) {}

  Issued issue(Instant now) {
    byte[] bytes = new byte[48];
    random.nextBytes(bytes);
    String token = "MII" + HexFormat.of().formatHex(bytes);
    Instant expires = now.plus(lifetime);
    expiries.put(token, expires);
    return new Issued(token, now, expires);
  }

  /**
   * @throws ApiError 401 APIGW.0301 for an unknown or expired token
   */
  void check(String token, Instant now) {
    Instant expires = expiries.get(token);
    if (expires == null) {
      throw ApiError.gatewayAuth("decrypt token fail");
    }
    if (!now.isBefore(expires)) {
      throw ApiError.gatewayAuth("token expires, expires_at: " + expires);
    }
  }

  /** How many issued tokens are still valid at {@code now}. */
  long validAt(Instant now) {
    return expiries.values().stream().filter(now::isBefore).count();
  }

  void revokeAll() {
    expiries.clear();
  }

  void setLifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }
}
