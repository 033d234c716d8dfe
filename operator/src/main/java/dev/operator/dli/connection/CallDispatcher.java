package dev.operator.dli.connection;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads every connection shares, so that their number does not grow with the connections: one
 * dispatcher thread and a bounded pool of workers for the blocking HTTP calls. The dispatcher hands
 * a connection's next call ({@link ConnectionScheduler}) to a worker only once it holds a permit of
 * that connection's budget, the connection chosen by {@link NextCall}; it sleeps until the soonest
 * permit, a new call or a free worker. The status sweeps' timers run on the dispatcher thread too,
 * and only start calls, never wait for one.
 */
public final class CallDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallDispatcher.class);

  private final int workerCount;
  private final int reserve;
  private final ScheduledThreadPoolExecutor thread;
  private final ThreadPoolExecutor workers;
  private final Set<ConnectionScheduler> queues = ConcurrentHashMap.newKeySet();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicBoolean dispatchAsked = new AtomicBoolean();
  private ScheduledFuture<?> timedDispatch; // this and the next: the dispatcher thread's own
  private long turns;

  /**
   * @param workerCount how many calls may wait for their answers at once, over all connections; a
   *     quarter of them is kept for connections that have no call under way
   */
  public CallDispatcher(int workerCount) {
    if (workerCount < 1) {
      throw new IllegalArgumentException("the dispatcher needs a worker at least");
    }
    this.workerCount = workerCount;
    this.reserve = workerCount / 4;
    this.thread = new ScheduledThreadPoolExecutor(1, named("dli-dispatch"));
    thread.setRemoveOnCancelPolicy(true); // a sweep closed or a dispatch moved leaves nothing
    this.workers =
        new ThreadPoolExecutor(
            workerCount,
            workerCount,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("dli-call"));
    workers.allowCoreThreadTimeOut(true); // an idle operator keeps only the dispatcher
  }

  void add(ConnectionScheduler queue) {
    queues.add(queue);
  }

  void remove(ConnectionScheduler queue) {
    queues.remove(queue);
  }

  /** Runs {@code tick} on the dispatcher thread every {@code period}; it must not block. */
  ScheduledFuture<?> every(Duration period, Runnable tick) {
    return thread.scheduleWithFixedDelay(
        tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A call came in or a worker is free: dispatch soon, on the dispatcher thread. */
  void wake() {
    if (dispatchAsked.compareAndSet(false, true)) {
      try {
        thread.execute(
            () -> {
              dispatchAsked.set(false);
              dispatch();
            });
      } catch (RejectedExecutionException closed) {
        // the operator is stopping: the calls still waiting are failed by their schedulers
      }
    }
  }

  private void dispatch() {
    if (timedDispatch != null) {
      timedDispatch.cancel(false);
      timedDispatch = null;
    }
    try {
      while (true) {
        List<ConnectionScheduler> now = List.copyOf(queues);
        NextCall.Choice choice =
            NextCall.choose(
                now.stream().map(ConnectionScheduler::view).toList(),
                workerCount - busy.get(),
                reserve);
        if (choice instanceof NextCall.Run run) {
          start(now.get(run.queue()));
        } else {
          if (choice instanceof NextCall.WaitFor wait) {
            timedDispatch =
                thread.schedule(
                    this::dispatch, Math.max(1, wait.time().toMillis()), TimeUnit.MILLISECONDS);
          }
          return;
        }
      }
    } catch (RejectedExecutionException closed) {
      // the operator is stopping
    } catch (RuntimeException e) {
      log.error("the DLI call dispatcher failed; it dispatches again at the next call", e);
    }
  }

  /** Takes the permit (the budget may have been throttled since), then the call to run with it. */
  private void start(ConnectionScheduler queue) {
    if (!queue.budget().tryTake().isZero()) {
      return; // chosen again, or not, with what the budget says now
    }
    Runnable call = queue.take(++turns);
    if (call == null) {
      return; // closed meanwhile
    }
    busy.incrementAndGet();
    workers.execute(
        () -> {
          try {
            call.run();
          } finally {
            queue.finished();
            busy.decrementAndGet();
            wake();
          }
        });
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    thread.shutdownNow();
    workers.shutdownNow();
  }
}
