package dev.operator.dli.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every request the simulator answered (admin calls excepted), so tests can count calls. */
public final class Journal {
  /**
   * One request, in the order of the answers; {@code time} is when it came in. status 0 means the
   * connection was dropped without an answer.
   */
  public record Entry(String method, String path, int status, Instant time) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void record(String method, String path, int status, Instant time) {
    entries.add(new Entry(method, path, status, time));
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized void clear() {
    entries.clear();
  }

  /** How many requests had this method and a path that starts with the prefix (query excluded). */
  public long count(String method, String pathPrefix) {
    return entries().stream()
        .filter(
            e -> e.method().equals(method) && e.path().split("\\?", 2)[0].startsWith(pathPrefix))
        .count();
  }
}
