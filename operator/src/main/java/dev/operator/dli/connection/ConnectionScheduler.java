package dev.operator.dli.connection;

import dev.operator.dli.client.Budget;
import dev.operator.dli.service.Step;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every DLI call of one connection, most urgent first, paced by the connection's {@link Budget}:
 * data, not threads. Reconcile threads only hand calls in and are woken when the answer is there;
 * the shared {@link CallDispatcher} takes a permit of the budget, then the call to run with it, and
 * gives that to one of its workers; a throttled or unreachable connection holds up nobody but its
 * own calls.
 *
 * <p>Cancels go before submits, submits before status reads. While status reads wait, though, every
 * {@value #READ_TURN}th permit is theirs: a burst of cancels or submits must not blind the operator
 * to what DLI did with them. A cancel so waits behind one status read at most, never behind a
 * queue.
 *
 * <p>A permit pays for one HTTP request, since DLI's gateway counts requests: an operation of more
 * than one ({@link Step}) queues its next request only when the answer to the last one is there, so
 * that no worker holds a permit's worth of budget for two requests nor waits between them.
 */
public final class ConnectionScheduler implements AutoCloseable {
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
  private final int callsAtOnce;
  private final CallDispatcher dispatcher;
  private final PriorityBlockingQueue<Task> urgent = new PriorityBlockingQueue<>();
  private final PriorityBlockingQueue<Task> reads = new PriorityBlockingQueue<>();
  private final AtomicLong order = new AtomicLong();
  private final AtomicInteger underWay = new AtomicInteger();
  private volatile long lastTurn;
  private int othersSinceRead; // the dispatcher thread's own
  private volatile boolean closed;

  /**
   * @param callsAtOnce how many calls of this connection may wait for their answers at once
   */
  ConnectionScheduler(Budget budget, int callsAtOnce, CallDispatcher dispatcher) {
    this.budget = budget;
    this.callsAtOnce = callsAtOnce;
    this.dispatcher = dispatcher;
    dispatcher.add(this);
  }

  /** Queues a call of one request; the future completes with its answer, or with what it threw. */
  public <T> CompletableFuture<T> schedule(Priority priority, Supplier<T> call) {
    return schedule(priority, Step.single(call));
  }

  /**
   * Queues an operation of one request or more; each takes a permit of its own, at the priority
   * given and in the operation's place in the queue: a step that an answer leads to is queued from
   * the worker that had the answer, ahead of the operations handed in since. The future completes
   * with the operation's answer, or with what a step threw.
   */
  public <T> CompletableFuture<T> schedule(Priority priority, Step<T> operation) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    queue(priority, order.incrementAndGet(), operation, answer);
    return answer;
  }

  private <T> void queue(Priority priority, long place, Step<T> step, CompletableFuture<T> answer) {
    if (step instanceof Step.Done<T> done) {
      answer.complete(done.answer());
      return;
    }
    if (closed) {
      answer.completeExceptionally(gone());
      return;
    }
    Step.Request<T> request = (Step.Request<T>) step;
    Runnable run =
        () -> {
          Step<T> next;
          try {
            next = request.send().get();
          } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return;
          }
          queue(priority, place, next, answer);
        };
    (priority == Priority.READ ? reads : urgent).add(new Task(priority, place, run, answer));
    if (closed) {
      failWaiting(); // closed while it was added: nobody would run it
    }
    dispatcher.wake();
  }

  /** Whether a cancel waits for a permit: then reads that can wait should. */
  boolean cancelsWaiting() {
    Task head = urgent.peek();
    return head != null && head.priority() == Priority.CANCEL;
  }

  /**
   * Whether submits wait for a permit, and no cancel: then status reads get a tenth of the permits.
   */
  boolean submitsWaiting() {
    Task head = urgent.peek();
    return head != null && head.priority() == Priority.SUBMIT;
  }

  /** Calls waiting for a permit. */
  int waiting() {
    return urgent.size() + reads.size();
  }

  Budget budget() {
    return budget;
  }

  /** What the dispatcher chooses by; the budget is asked only when a call waits. */
  NextCall.Queue view() {
    int waiting = waiting();
    return new NextCall.Queue(
        waiting,
        underWay.get(),
        callsAtOnce,
        waiting == 0 ? Duration.ZERO : budget.untilPermit(),
        lastTurn);
  }

  /**
   * For the dispatcher, holding a permit: the call to run with it, or null when none waits. The
   * most urgent call, or the oldest read when it is the reads' turn.
   */
  Runnable take(long turn) {
    boolean readsTurn = !reads.isEmpty() && (urgent.isEmpty() || othersSinceRead >= READ_TURN - 1);
    Task task = readsTurn ? reads.poll() : urgent.poll();
    if (task == null) {
      return null;
    }
    othersSinceRead = readsTurn || reads.isEmpty() ? 0 : othersSinceRead + 1;
    underWay.incrementAndGet();
    lastTurn = turn;
    return task.call();
  }

  /** A call that {@link #take} gave has ended. */
  void finished() {
    underWay.decrementAndGet();
  }

  private void failWaiting() {
    IllegalStateException gone = gone();
    for (PriorityBlockingQueue<Task> queue : List.of(urgent, reads)) {
      for (Task task = queue.poll(); task != null; task = queue.poll()) {
        task.answer().completeExceptionally(gone); // its DliJob is woken and tries again
      }
    }
  }

  private static IllegalStateException gone() {
    return new IllegalStateException("the connection was closed");
  }

  /** Fails the calls still waiting; calls under way end on their own (their answers count). */
  @Override
  public void close() {
    closed = true;
    dispatcher.remove(this);
    failWaiting();
  }
}
