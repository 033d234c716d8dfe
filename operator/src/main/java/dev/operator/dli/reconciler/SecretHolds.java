package dev.operator.dli.reconciler;

import dev.operator.dli.connection.SecretHolder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds which Secret ("namespace/name"), and whether one of them still needs it kept: the index
 * behind {@link NamedSecrets}, without I/O and not thread-safe. A holder holds one Secret at a
 * time; a Secret's holders are found from the Secret, never by scanning resources.
 */
final class SecretHolds {
  private record Hold(String ref, boolean inUse) {}

  private final Map<SecretHolder, Hold> byHolder = new HashMap<>();
  private final Map<String, Map<SecretHolder, Boolean>> byRef = new HashMap<>();

  /** Records the hold; returns the Secret the holder held until now when that was another one. */
  Optional<String> hold(SecretHolder holder, String ref, boolean inUse) {
    Hold before = byHolder.put(holder, new Hold(ref, inUse));
    byRef.computeIfAbsent(ref, r -> new HashMap<>()).put(holder, inUse);
    if (before == null || before.ref().equals(ref)) {
      return Optional.empty();
    }
    unlink(holder, before.ref());
    return Optional.of(before.ref());
  }

  /** The holder holds nothing any more; returns the Secret it held, if any. */
  Optional<String> release(SecretHolder holder) {
    Hold before = byHolder.remove(holder);
    if (before == null) {
      return Optional.empty();
    }
    unlink(holder, before.ref());
    return Optional.of(before.ref());
  }

  private void unlink(SecretHolder holder, String ref) {
    Map<SecretHolder, Boolean> holders = byRef.get(ref);
    holders.remove(holder);
    if (holders.isEmpty()) {
      byRef.remove(ref);
    }
  }

  Set<SecretHolder> holdersOf(String ref) {
    Map<SecretHolder, Boolean> holders = byRef.get(ref);
    return holders == null ? Set.of() : new HashSet<>(holders.keySet());
  }

  boolean held(String ref) {
    return byRef.containsKey(ref);
  }

  /** Whether a holder that may still need the Secret to call DLI holds it. */
  boolean inUse(String ref) {
    Map<SecretHolder, Boolean> holders = byRef.get(ref);
    return holders != null && holders.containsValue(true);
  }

  boolean holds(SecretHolder holder) {
    return byHolder.containsKey(holder);
  }
}
