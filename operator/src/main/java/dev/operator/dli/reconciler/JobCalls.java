package dev.operator.dli.reconciler;

import dev.operator.dli.lifecycle.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per DliJob, in memory: the DLI call under way, and how the last calls went (failures in a row for
 * the backoff, and a problem only a human can fix until a call succeeds again). After a restart it
 * is empty, which is safe: a submission whose answer was lost is looked up by its marker.
 */
final class JobCalls {
  /** What a call was for. */
  enum Kind {
    SUBMIT,
    LOOKUP,
    CANCEL,
    /** Deleting a Flink job's definition before the resource goes. */
    DELETE
  }

  /** A call handed to the connection's scheduler. */
  record Call(Kind kind, CompletableFuture<?> answer) {}

  private record State(Call underWay, int failures, Problem problem) {}

  private static final State NONE = new State(null, 0, null);
  private final Map<String, State> byUid = new ConcurrentHashMap<>();

  Optional<Call> underWay(String uid) {
    return Optional.ofNullable(get(uid).underWay());
  }

  void start(String uid, Call call) {
    byUid.compute(uid, (k, s) -> new State(call, get(s).failures(), get(s).problem()));
  }

  /**
   * The call's answer is stored in the status: forget the call, unless another one started since.
   */
  void finished(String uid, Call call) {
    byUid.computeIfPresent(
        uid, (k, s) -> s.underWay() == call ? new State(null, s.failures(), s.problem()) : s);
  }

  int failures(String uid) {
    return get(uid).failures();
  }

  /** The problem of the last failed call, while no call has succeeded since. */
  Problem problem(String uid) {
    return get(uid).problem();
  }

  /** A call failed; a problem, when given, stays until a call succeeds. */
  void failed(String uid, Problem problem) {
    byUid.compute(
        uid,
        (k, s) ->
            new State(
                get(s).underWay(),
                get(s).failures() + 1,
                problem != null ? problem : get(s).problem()));
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
