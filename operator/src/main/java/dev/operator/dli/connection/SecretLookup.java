package dev.operator.dli.connection;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Reads the connection Secrets that resources name, and nothing else. */
public interface SecretLookup {
  /**
   * The Secret, as last seen; from now on the holder holds it: its changes wake the holder, and
   * while a holder that is in use holds it, the Secret is kept (its deletion waits).
   *
   * @param inUse whether the holder may still need the Secret to call DLI
   * @throws Unreadable when the operator may not read it
   */
  Optional<Secret> hold(SecretHolder holder, boolean inUse, String namespace, String name);

  /** The holder needs its Secret no more. */
  void release(SecretHolder holder);

  /** The Secret now, read once and not held. */
  Optional<Secret> read(String namespace, String name);

  /** The operator may not read the Secret; the message is safe to show and says what to grant. */
  final class Unreadable extends RuntimeException {
    public Unreadable(String message) {
      super(message);
    }
  }
}
