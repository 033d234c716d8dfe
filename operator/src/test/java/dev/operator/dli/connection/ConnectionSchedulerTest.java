package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.client.Budget;
import dev.operator.dli.connection.ConnectionScheduler.Priority;
import dev.operator.dli.testing.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scheduler's order and pacing, with a budget on a clock the test moves. */
class ConnectionSchedulerTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Budget budget = new Budget("test", 100, nanos::get);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final CallDispatcher dispatcher = new CallDispatcher(16);
  private ConnectionScheduler scheduler;

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    dispatcher.close();
  }

  private CompletableFuture<String> call(Priority priority, String name) {
    return scheduler.schedule(
        priority,
        () -> {
          ran.add(name);
          return name;
        });
  }

  /** Spends the budget's burst, so that calls run only as the test hands out permits. */
  private void spendTheBurst() {
    for (Duration wait = budget.tryTake(); wait.isZero(); wait = budget.tryTake()) {
      assertThat(ran).isEmpty();
    }
  }

  /** One more permit: 10 ms at 100 requests per second. */
  private void onePermit(int expectedRan) {
    nanos.addAndGet(Duration.ofMillis(10).toNanos());
    Wait.until(expectedRan + " calls ran", () -> ran.size() == expectedRan);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void cancelsGoBeforeSubmitsAndSubmitsBeforeReadsWhateverTheOrderTheyCameIn() {
    spendTheBurst();
    scheduler = new ConnectionScheduler(budget, 4, dispatcher);
    // Handing calls in never waits for the budget: the caller (a reconcile thread) goes on at once.
    List<CompletableFuture<String>> answers =
        List.of(
            call(Priority.READ, "read-1"),
            call(Priority.READ, "read-2"),
            call(Priority.SUBMIT, "submit-1"),
            call(Priority.CANCEL, "cancel-1"),
            call(Priority.SUBMIT, "submit-2"),
            call(Priority.CANCEL, "cancel-2"));
    assertThat(answers).noneMatch(CompletableFuture::isDone);
    assertThat(scheduler.waiting()).isEqualTo(6);

    for (int i = 1; i <= 6; i++) {
      onePermit(i);
    }
    assertThat(ran)
        .containsExactly("cancel-1", "cancel-2", "submit-1", "submit-2", "read-1", "read-2");
    assertThat(answers).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aCancelThatArrivesLateStillGoesFirst() {
    spendTheBurst();
    scheduler = new ConnectionScheduler(budget, 4, dispatcher);
    call(Priority.READ, "read-1");
    call(Priority.READ, "read-2");
    onePermit(1);
    call(Priority.CANCEL, "late-cancel");
    onePermit(2);
    assertThat(ran).containsExactly("read-1", "late-cancel");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void waitingReadsGetEveryTenthPermitSoThatABurstDoesNotBlindTheOperator() {
    spendTheBurst();
    scheduler = new ConnectionScheduler(budget, 4, dispatcher);
    call(Priority.READ, "read");
    for (int i = 1; i <= 12; i++) {
      call(Priority.CANCEL, "cancel-" + i);
    }
    for (int i = 1; i <= 13; i++) {
      onePermit(i);
    }
    assertThat(ran.indexOf("read")).as("after nine cancels").isEqualTo(9);
    assertThat(ran.subList(0, 9)).allMatch(name -> name.startsWith("cancel-"));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aFailingCallCompletesItsFutureWithTheFailure() {
    scheduler = new ConnectionScheduler(budget, 1, dispatcher);
    CompletableFuture<String> failed =
        scheduler.schedule(
            Priority.SUBMIT,
            () -> {
              throw new IllegalStateException("boom");
            });
    Wait.until("the failure", failed::isDone);
    assertThat(failed).isCompletedExceptionally();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void closingFailsTheCallsStillWaitingSoThatTheirDliJobsTryAgain() {
    spendTheBurst();
    scheduler = new ConnectionScheduler(budget, 1, dispatcher);
    CompletableFuture<String> waiting = call(Priority.SUBMIT, "never");
    scheduler.close();
    assertThat(waiting).isCompletedExceptionally();
    assertThat(ran).isEmpty();
  }
}
