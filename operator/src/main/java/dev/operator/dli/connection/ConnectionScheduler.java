package dev.operator.dli.connection;

import dev.operator.dli.client.Budget;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every DLI call of one connection, most urgent first, paced by the connection's {@link Budget} on
 * threads of its own: reconcile threads only hand calls in and are woken when the answer is there.
 * One dispatcher thread takes a permit, then the call to run with it, and gives that to one of a
 * few workers; a throttled or unreachable connection holds up nobody but its own calls.
 *
 * <p>Cancels go before submits, submits before status reads. While status reads wait, though, every
 * {@value #READ_TURN}th permit is theirs: a burst of cancels or submits must not blind the operator
 * to what DLI did with them. A cancel so waits behind one status read at most, never behind a
 * queue.
 */
public final class ConnectionScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionScheduler.class);
  static final int READ_TURN = 10;

  /** What a call is for, most urgent first. */
  public enum Priority {
    CANCEL,
    SUBMIT,
    READ
  }

  private record Task(Priority priority, long order, Runnable call, CompletableFuture<?> answer)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byPriority = priority.compareTo(other.priority);
      return byPriority != 0 ? byPriority : Long.compare(order, other.order);
    }
  }

  private final Budget budget;
  private final PriorityBlockingQueue<Task> urgent = new PriorityBlockingQueue<>();
  private final PriorityBlockingQueue<Task> reads = new PriorityBlockingQueue<>();
  private final Semaphore queued = new Semaphore(0);
  private final AtomicLong order = new AtomicLong();
  private final Semaphore idleWorkers;
  private final ExecutorService workers;
  private final Thread dispatcher;
  private int othersSinceRead; // the dispatcher's own
  private volatile boolean closed;

  /**
   * @param name the connection's name, for thread names
   * @param workers how many calls may be under way at once (each waits for its HTTP answer)
   */
  ConnectionScheduler(String name, Budget budget, int workers) {
    this.budget = budget;
    this.idleWorkers = new Semaphore(workers);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            workers,
            workers,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> daemon(r, "dli-call " + name));
    pool.allowCoreThreadTimeOut(true); // an idle connection keeps no threads but its dispatcher
    this.workers = pool;
    this.dispatcher = daemon(this::dispatch, "dli-dispatch " + name);
    dispatcher.start();
  }

  /** Queues a call; the future completes with its answer, or with what it threw. */
  public <T> CompletableFuture<T> schedule(Priority priority, Supplier<T> call) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    if (closed) {
      answer.completeExceptionally(new IllegalStateException("the connection was closed"));
      return answer;
    }
    Runnable run =
        () -> {
          try {
            answer.complete(call.get());
          } catch (RuntimeException e) {
            answer.completeExceptionally(e);
          }
        };
    (priority == Priority.READ ? reads : urgent)
        .add(new Task(priority, order.incrementAndGet(), run, answer));
    queued.release();
    return answer;
  }

  /** Whether a cancel waits for a permit: then reads that can wait should. */
  boolean cancelsWaiting() {
    Task head = urgent.peek();
    return head != null && head.priority() == Priority.CANCEL;
  }

  /** Calls waiting for a permit. */
  int waiting() {
    return urgent.size() + reads.size();
  }

  private void dispatch() {
    try {
      while (!closed) {
        idleWorkers.acquire();
        budget.take(); // waits on this thread, never on a reconcile thread
        queued.acquire(); // a call is there; which one is decided now, with the permit in hand
        Task task = next();
        workers.execute(
            () -> {
              try {
                task.call().run();
              } finally {
                idleWorkers.release();
              }
            });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("the DLI call dispatcher stopped", e);
    }
  }

  /** The most urgent call, or the oldest read when it is the reads' turn. */
  private Task next() {
    boolean readsTurn = !reads.isEmpty() && (urgent.isEmpty() || othersSinceRead >= READ_TURN - 1);
    Task task = readsTurn ? reads.poll() : urgent.poll();
    othersSinceRead = readsTurn || reads.isEmpty() ? 0 : othersSinceRead + 1;
    return task;
  }

  private static Thread daemon(Runnable run, String name) {
    Thread thread = new Thread(run, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() {
    closed = true;
    dispatcher.interrupt();
    workers.shutdownNow();
    IllegalStateException gone = new IllegalStateException("the connection was closed");
    for (PriorityBlockingQueue<Task> queue : List.of(urgent, reads)) {
      for (Task task = queue.poll(); task != null; task = queue.poll()) {
        task.answer().completeExceptionally(gone); // its DliJob is woken and tries again
      }
    }
  }
}
