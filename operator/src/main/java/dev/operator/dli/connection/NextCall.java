package dev.operator.dli.connection;

import java.time.Duration;
import java.util.List;

/**
 * Which connection's call the shared workers run next, pure. Only a connection whose budget has a
 * permit now may start one, so that no worker ever waits for a permit; of those, the one with the
 * fewest calls under way, then the one served longest ago: a busy connection takes turns with the
 * others, never the whole pool. A connection stops at its own {@code callsAtOnce}, and one that has
 * calls under way already may not take the last {@code reserve} free workers: those are kept for
 * connections that have none, so that a slow or unreachable DLI endpoint, whose calls hold their
 * workers until they time out, cannot starve the others.
 */
final class NextCall {
  /**
   * One connection's calls as the dispatcher sees them now.
   *
   * @param untilPermit zero when its budget has a permit now
   * @param lastTurn when it last started a call, in the dispatcher's turns (0: never)
   */
  record Queue(int waiting, int underWay, int callsAtOnce, Duration untilPermit, long lastTurn) {}

  /** What the dispatcher does now. */
  sealed interface Choice {}

  /** Start the next call of the queue at this index. */
  record Run(int queue) implements Choice {}

  /** Nothing can start before a permit comes, in this long. */
  record WaitFor(Duration time) implements Choice {}

  /** Nothing can start until a call comes in or a worker is free. */
  record Idle() implements Choice {}

  private NextCall() {}

  static Choice choose(List<Queue> queues, int freeWorkers, int reserve) {
    if (freeWorkers <= 0) {
      return new Idle();
    }
    int best = -1;
    Duration soonest = null;
    for (int i = 0; i < queues.size(); i++) {
      Queue q = queues.get(i);
      boolean mayStart =
          q.waiting() > 0
              && q.underWay() < q.callsAtOnce()
              && (q.underWay() == 0 || freeWorkers > reserve);
      if (!mayStart) {
        continue;
      }
      if (!q.untilPermit().isZero()) {
        soonest =
            soonest == null || q.untilPermit().compareTo(soonest) < 0 ? q.untilPermit() : soonest;
      } else if (best < 0 || before(q, queues.get(best))) {
        best = i;
      }
    }
    if (best >= 0) {
      return new Run(best);
    }
    return soonest == null ? new Idle() : new WaitFor(soonest);
  }

  private static boolean before(Queue a, Queue b) {
    return a.underWay() != b.underWay() ? a.underWay() < b.underWay() : a.lastTurn() < b.lastTurn();
  }
}
