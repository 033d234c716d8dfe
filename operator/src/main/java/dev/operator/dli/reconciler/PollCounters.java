package dev.operator.dli.reconciler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per DliJob, how many polls in a row saw no change and how many passes in a row failed to reach
 * DLI. In memory only: after a restart every job starts at the shortest interval again, which is
 * harmless.
 */
final class PollCounters {
  record Counts(String lastDliStatus, int unchangedPolls, int failures) {}

  private final Map<String, Counts> byUid = new ConcurrentHashMap<>();

  Counts get(String uid) {
    return byUid.getOrDefault(uid, new Counts(null, 0, 0));
  }

  void polled(String uid, String dliStatus) {
    Counts c = get(uid);
    boolean same = dliStatus != null && dliStatus.equals(c.lastDliStatus());
    byUid.put(uid, new Counts(dliStatus, same ? c.unchangedPolls() + 1 : 0, 0));
  }

  void failed(String uid) {
    Counts c = get(uid);
    byUid.put(uid, new Counts(c.lastDliStatus(), c.unchangedPolls(), c.failures() + 1));
  }

  void forget(String uid) {
    byUid.remove(uid);
  }
}
