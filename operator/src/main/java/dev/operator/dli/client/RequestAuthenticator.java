package dev.operator.dli.client;

import java.net.URI;
import java.util.Map;

/** Adds authentication headers to a request that is about to go out. */
interface RequestAuthenticator {
  /**
   * @param headers the headers to sign (Host, X-Project-Id); add the authentication headers to them
   */
  void authenticate(String method, URI uri, Map<String, String> headers, byte[] body);

  /**
   * Called after a 401: forget cached state so that the next request authenticates afresh. True if
   * that may help.
   */
  boolean invalidate();
}
