package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.client.Budget;
import dev.operator.dli.connection.ConnectionScheduler.Priority;
import dev.operator.dli.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many connections on the shared threads: none starves another, none adds threads. */
class CallDispatcherTest {
  private final List<ConnectionScheduler> schedulers = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private CallDispatcher dispatcher;

  @AfterEach
  void close() {
    release.countDown();
    schedulers.forEach(ConnectionScheduler::close);
    dispatcher.close();
  }

  private ConnectionScheduler connection(Budget budget, int callsAtOnce) {
    ConnectionScheduler scheduler = new ConnectionScheduler(budget, callsAtOnce, dispatcher);
    schedulers.add(scheduler);
    return scheduler;
  }

  /** A budget of 100 requests/s on the real clock: what these tests share is workers. */
  private static Budget budget() {
    return new Budget("test", 100, System::nanoTime);
  }

  /** A call that holds its worker until the test ends, as one to a DLI that does not answer. */
  private CompletableFuture<String> hanging(ConnectionScheduler scheduler) {
    return scheduler.schedule(
        Priority.READ,
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "late";
        });
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aThrottledConnectionHoldsNoWorkerWhileItWaitsForItsRetryAfter() {
    dispatcher = new CallDispatcher(1);
    Budget throttled = budget();
    throttled.throttled("throttled", Duration.ofMinutes(5)); // the clock never gets there
    CompletableFuture<String> waiting =
        connection(throttled, 8).schedule(Priority.SUBMIT, () -> "too soon");
    ConnectionScheduler other = connection(budget(), 8);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(other.schedule(Priority.READ, () -> "answered"));
    }
    Wait.until(
        "the other connection's calls ran", () -> answers.stream().allMatch(f -> f.isDone()));
    assertThat(waiting).isNotDone();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aConnectionWhoseCallsHangLeavesAWorkerToTheOthers() {
    dispatcher = new CallDispatcher(4); // a quarter, one worker, is kept for the others
    ConnectionScheduler slow = connection(budget(), 8);
    for (int i = 0; i < 8; i++) {
      hanging(slow);
    }
    Wait.until("the slow connection holds what it may", () -> slow.view().underWay() == 3);
    CompletableFuture<String> other = connection(budget(), 8).schedule(Priority.READ, () -> "ok");
    Wait.until("the other connection's call ran", other::isDone);
    assertThat(slow.view().underWay()).isEqualTo(3);
    assertThat(slow.waiting()).isEqualTo(5);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void fortyConnectionsRunOnTheSameThreadsAsOne() {
    dispatcher = new CallDispatcher(4);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      ConnectionScheduler scheduler = connection(budget(), 8);
      for (int i = 0; i < 5; i++) {
        answers.add(scheduler.schedule(Priority.READ, () -> Thread.currentThread().getName()));
      }
    }
    Wait.until("every call ran", () -> answers.stream().allMatch(CompletableFuture::isDone));
    assertThat(answers.stream().map(CompletableFuture::join).distinct())
        .hasSizeLessThanOrEqualTo(4)
        .allMatch(name -> name.startsWith("dli-call-"));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void closingAConnectionLeavesTheSharedThreadsToTheOthers() {
    dispatcher = new CallDispatcher(2);
    ConnectionScheduler closed = connection(budget(), 8);
    Wait.until("a call ran", closed.schedule(Priority.READ, () -> "once")::isDone);
    closed.close();
    CompletableFuture<String> other = connection(budget(), 8).schedule(Priority.READ, () -> "ok");
    Wait.until("the other connection's call ran", other::isDone);
    assertThat(other).isCompletedWithValue("ok");
  }
}
