package dev.operator.dli.client;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/** Signs every request with AK/SK; temporary keys send their security token, signed too. */
final class AkSkAuthenticator implements RequestAuthenticator {
  private final Credentials.AkSk keys;
  private final Clock clock;

  AkSkAuthenticator(Credentials.AkSk keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public void authenticate(String method, URI uri, Map<String, String> headers, byte[] body) {
    headers.put("X-Sdk-Date", AkSkSigner.sdkDate(clock.instant()));
    if (keys.securityToken() != null && !keys.securityToken().isBlank()) {
      headers.put("X-Security-Token", keys.securityToken());
    }
    headers.put(
        "Authorization",
        AkSkSigner.authorization(
            keys.accessKey(), keys.secretKey(), method, uri, Map.copyOf(headers), body));
  }

  @Override
  public boolean invalidate() {
    return false;
  }
}
