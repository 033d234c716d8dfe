package dev.operator.dli.lifecycle;

import dev.operator.dli.api.Attempt;
import dev.operator.dli.api.DliJobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bookkeeping of status.attempts: one entry per DLI job the DliJob started, the newest last,
 * the last {@value #KEPT} kept. A DliJob from before retries has no entries: its one job is attempt
 * 1, and gets its entry when the history first needs it.
 */
public final class Attempts {
  static final int KEPT = 10;

  private Attempts() {}

  /** The newest attempt's number: 1 when there is no entry yet. */
  public static int number(DliJobStatus st) {
    List<Attempt> list = st.getAttempts();
    return list == null || list.isEmpty() ? 1 : list.get(list.size() - 1).getAttempt();
  }

  /**
   * The attempt a submit at {@code now} belongs to, recorded before the call (its marker): after a
   * back-off the next one; otherwise the newest, when it has no DLI job (its submission did not
   * take), or else attempt 1.
   */
  static void begin(DliJobStatus st, Instant now) {
    Attempt newest = newest(st);
    if (newest != null && newest.getJobId() == null) {
      newest.setSubmittedAt(now.toString());
      return;
    }
    Attempt next = new Attempt();
    next.setAttempt(newest == null ? 1 : newest.getAttempt() + 1);
    next.setSubmittedAt(now.toString());
    add(st, next);
  }

  /** The newest attempt's DLI job became known. */
  static void tookJob(DliJobStatus st, String jobId) {
    orFirst(st).setJobId(jobId);
  }

  /**
   * DLI's word on the newest attempt's job (not for an adopted job: this DliJob did not start it):
   * its status, its own message, its end.
   */
  static void seen(DliJobStatus st, JobView job, String completionTime) {
    Attempt newest = orFirst(st);
    newest.setDliStatus(job.status());
    if (job.message() != null && !job.message().isBlank()) {
      newest.setMessage(job.message());
    }
    if (completionTime != null) {
      newest.setCompletionTime(completionTime);
    }
  }

  /**
   * The newest attempt, made from the top-level fields for a DliJob from before retries, whose one
   * job is attempt 1.
   */
  static Attempt orFirst(DliJobStatus st) {
    Attempt newest = newest(st);
    if (newest != null) {
      return newest;
    }
    Attempt first = new Attempt();
    first.setAttempt(1);
    first.setJobId(st.getJobId());
    first.setDliStatus(st.getDliStatus());
    first.setSubmittedAt(st.getSubmittedAt());
    first.setCompletionTime(st.getCompletionTime());
    add(st, first);
    return first;
  }

  private static Attempt newest(DliJobStatus st) {
    List<Attempt> list = st.getAttempts();
    return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
  }

  private static void add(DliJobStatus st, Attempt attempt) {
    List<Attempt> list = st.getAttempts() == null ? new ArrayList<>() : st.getAttempts();
    list.add(attempt);
    while (list.size() > KEPT) {
      list.remove(0);
      st.setOlderAttempts((st.getOlderAttempts() == null ? 0 : st.getOlderAttempts()) + 1);
    }
    st.setAttempts(list);
  }
}
