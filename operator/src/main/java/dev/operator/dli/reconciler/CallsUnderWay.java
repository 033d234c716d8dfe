package dev.operator.dli.reconciler;

import dev.operator.dli.lifecycle.Answer;
import dev.operator.dli.lifecycle.Stall;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per DliJob, in memory: the DLI call under way, and how the last calls went (failures in a row for
 * the backoff, and a stall only a human can fix until a call succeeds again). After a restart it is
 * empty, which is safe: a submission whose answer was lost is looked up by its marker.
 */
final class CallsUnderWay {
  private record State(CompletableFuture<Answer> underWay, int failures, Stall stall) {}

  private static final State NONE = new State(null, 0, null);
  private final Map<String, State> byUid = new ConcurrentHashMap<>();

  /** The call handed over last; its future never fails (a call that could not run answers so). */
  Optional<CompletableFuture<Answer>> underWay(String uid) {
    return Optional.ofNullable(get(uid).underWay());
  }

  void start(String uid, CompletableFuture<Answer> call) {
    byUid.compute(uid, (k, s) -> new State(call, get(s).failures(), get(s).stall()));
  }

  /**
   * The call's answer is stored in the status: forget the call, unless another one started since.
   */
  void finished(String uid, CompletableFuture<Answer> call) {
    byUid.computeIfPresent(
        uid, (k, s) -> s.underWay() == call ? new State(null, s.failures(), s.stall()) : s);
  }

  int failures(String uid) {
    return get(uid).failures();
  }

  /** The stall of the last failed call, while no call has succeeded since. */
  Stall stall(String uid) {
    return get(uid).stall();
  }

  /** A call failed; a stall, when given, stays until a call succeeds. */
  void failed(String uid, Stall stall) {
    byUid.compute(
        uid,
        (k, s) ->
            new State(
                get(s).underWay(), get(s).failures() + 1, stall != null ? stall : get(s).stall()));
  }

  void succeeded(String uid) {
    byUid.compute(uid, (k, s) -> new State(get(s).underWay(), 0, null));
  }

  void forget(String uid) {
    byUid.remove(uid);
  }

  private State get(String uid) {
    return byUid.getOrDefault(uid, NONE);
  }

  private static State get(State s) {
    return s == null ? NONE : s;
  }
}
