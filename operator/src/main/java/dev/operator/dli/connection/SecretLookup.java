package dev.operator.dli.connection;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/** Reads the connection Secrets that DliJobs name. */
@FunctionalInterface
public interface SecretLookup {
  /**
   * The Secret, as last seen.
   *
   * @param holder the DliJob that uses it from now on (its changes wake that job, and the Secret is
   *     kept while held), or null for a one-off read
   * @throws Unreadable when the operator may not read it
   */
  Optional<Secret> find(ResourceID holder, String namespace, String name);

  /** The operator may not read the Secret; the message is safe to show and says what to grant. */
  final class Unreadable extends RuntimeException {
    public Unreadable(String message) {
      super(message);
    }
  }
}
