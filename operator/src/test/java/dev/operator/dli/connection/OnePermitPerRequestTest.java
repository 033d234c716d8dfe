package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.client.Budget;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.connection.ConnectionScheduler.Priority;
import dev.operator.dli.lifecycle.CancelAnswer;
import dev.operator.dli.lifecycle.DefinitionDeletion;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Submission;
import dev.operator.dli.service.JobService;
import dev.operator.dli.service.Step;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.Steps;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DLI's gateway counts HTTP requests, so a permit of the budget pays for one request, whatever the
 * operation. Each operation runs through the scheduler on a budget whose clock the test moves, one
 * permit at a time, while the HTTP layer counts the requests that reach the simulator: the test
 * fails as soon as they outnumber the permits handed out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnePermitPerRequestTest {
  private static final double RATE = 100; // a permit every 10 ms of the test's clock

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Budget budget = new Budget("test", RATE, nanos::get);
  private final AtomicInteger requests = new AtomicInteger();
  private final CallDispatcher dispatcher = new CallDispatcher(4);
  private ConnectionScheduler scheduler;
  private DliSimulator simulator;
  private DliClient counted;
  private DliClient setup;

  @BeforeEach
  void start() {
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(50), Duration.ofMinutes(10), Duration.ofMillis(100)));
    counted =
        TestSettings.pacedClient(
            simulator, RATE, (method, status, took) -> requests.incrementAndGet());
    setup = TestSettings.pacedClient(simulator, RATE);
    scheduler = new ConnectionScheduler(budget, 8, dispatcher);
  }

  @AfterEach
  void stop() {
    scheduler.close();
    dispatcher.close();
    counted.close();
    setup.close();
    simulator.close();
  }

  /**
   * Runs the operation through the scheduler, a permit at a time; answers how it ended once it sent
   * exactly {@code expected} requests, never more than the permits it was given.
   */
  private <A> A underTheBudget(Priority priority, Step<A> operation, int expected) {
    for (Duration wait = budget.tryTake(); wait.isZero(); wait = budget.tryTake()) {
      // spends the burst: from here on, requests go only with the permits the test hands out
    }
    int before = requests.get();
    CompletableFuture<A> answer = scheduler.schedule(priority, operation);
    int permits = 0;
    while (!answer.isDone()) {
      assertThat(permits).as("permits handed out").isLessThan(expected + 5);
      nanos.addAndGet(Duration.ofMillis(10).toNanos());
      permits++;
      Wait.until(
          "the permit is spent and its request answered, or the operation done",
          () ->
              answer.isDone()
                  || (!budget.untilPermit().isZero() && scheduler.view().underWay() == 0));
      assertThat(requests.get() - before)
          .as("requests sent with %d permits", permits)
          .isLessThanOrEqualTo(permits);
    }
    assertThat(requests.get() - before).as("requests of the operation").isEqualTo(expected);
    return answer.join();
  }

  private JobService service(DliClient client, DliJob job) {
    return JobService.of(client, Clock.systemUTC(), job);
  }

  private static DliJob withUid(DliJob job) {
    job.getMetadata().setUid(UUID.randomUUID().toString());
    return job;
  }

  @Test
  void aSqlSubmitIsOneRequestAndItsLookupOnePerPage() {
    DliJob job = withUid(DliJobFixture.sql("select 1 /* sim: run 10m */").named("ns", "q").build());
    for (int i = 0; i < 150; i++) {
      // the jobs of a second attempt: the lookup of the first reads past them, two pages in all
      Steps.inARow(service(setup, job).submit(2));
    }
    Submission submitted = underTheBudget(Priority.SUBMIT, service(counted, job).submit(1), 1);
    assertThat(submitted).isInstanceOf(Submission.Submitted.class);

    Lookup found = underTheBudget(Priority.SUBMIT, service(counted, job).findSubmitted(null, 1), 2);
    assertThat(found)
        .isEqualTo(new Lookup.Looked(Optional.of(((Submission.Submitted) submitted).jobId())));
    assertThat(underTheBudget(Priority.CANCEL, cancel(job, submitted), 1))
        .isInstanceOf(CancelAnswer.Accepted.class);
  }

  @Test
  void aSparkSubmitIsOneRequestAndItsLookupOnePerPage() {
    DliJob job = withUid(DliJobFixture.spark("/* sim: run 10m */").named("ns", "b").build());
    for (int i = 0; i < 150; i++) {
      Steps.inARow(service(setup, job).submit(1));
    }
    Submission submitted = underTheBudget(Priority.SUBMIT, service(counted, job).submit(1), 1);
    assertThat(submitted).isInstanceOf(Submission.Submitted.class);
    Lookup found = underTheBudget(Priority.SUBMIT, service(counted, job).findSubmitted(null, 1), 2);
    assertThat(found).isInstanceOf(Lookup.Looked.class);
    assertThat(((Lookup.Looked) found).jobId()).isPresent();
    assertThat(underTheBudget(Priority.CANCEL, cancel(job, submitted), 1))
        .isInstanceOf(CancelAnswer.Accepted.class);
  }

  @Test
  void aFlinkSubmitIsTwoRequestsEachWithItsOwnPermit() {
    DliJob job = withUid(DliJobFixture.flinkJar("/* sim: run 10m */").named("ns", "f").build());
    Submission submitted = underTheBudget(Priority.SUBMIT, service(counted, job).submit(1), 2);
    assertThat(submitted).isInstanceOf(Submission.Submitted.class);
    assertThat(underTheBudget(Priority.CANCEL, cancel(job, submitted), 1))
        .isInstanceOf(CancelAnswer.Accepted.class);
    String jobId = ((Submission.Submitted) submitted).jobId();
    assertThat(
            underTheBudget(
                Priority.CANCEL,
                Step.single(() -> service(counted, job).deleteDefinition(jobId)),
                1))
        .isInstanceOf(DefinitionDeletion.Deleted.class);
  }

  @Test
  void theLookupOfAFlinkJobLeftInJobInitListsThenRunsIt() {
    DliJob job =
        withUid(DliJobFixture.flinkSql("insert into a select * from b").named("ns", "l").build());
    simulator.faults().add(FaultRule.of(FaultRule.Type.drop).on("POST", "/jobs/run").times(1));
    assertThat(Steps.inARow(service(setup, job).submit(1)))
        .as("created, the run lost")
        .isInstanceOf(Submission.Failed.class);

    Lookup found = underTheBudget(Priority.SUBMIT, service(counted, job).findSubmitted(null, 1), 2);

    assertThat(found).isInstanceOf(Lookup.Looked.class);
    assertThat(simulator.flinkJobsTagged("dli-operator-uid", job.getMetadata().getUid()))
        .as("one job, run")
        .hasSize(1)
        .doesNotContainValue("job_init");
  }

  @Test
  void aFlinkRunDliRefusesIsFollowedByTheDeleteOfItsDefinitionInARequestOfItsOwn() {
    DliJob job = withUid(DliJobFixture.flinkJar("").named("ns", "r").build());
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.error).withStatus(400).on("POST", "/jobs/run"));

    Submission refused = underTheBudget(Priority.SUBMIT, service(counted, job).submit(1), 3);

    assertThat(refused).isInstanceOf(Submission.Failed.class);
    assertThat(simulator.flinkJobsTagged("dli-operator-uid", job.getMetadata().getUid())).isEmpty();
  }

  private Step<CancelAnswer> cancel(DliJob job, Submission submitted) {
    String jobId = ((Submission.Submitted) submitted).jobId();
    return Step.single(() -> service(counted, job).cancel(jobId));
  }
}
