package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.lifecycle.DliObservation;
import dev.operator.dli.lifecycle.JobKind;
import dev.operator.dli.lifecycle.Submission;
import dev.operator.dli.service.JobService;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.Journal;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.Steps;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep against the simulator over HTTPS: what it reads, how, and whom it wakes. */
class StatusSweepTest {
  private DliSimulator simulator;
  private DliClient client;
  private CallDispatcher dispatcher;
  private ConnectionScheduler scheduler;
  private StatusSweep sweep;
  private final Map<ResourceID, AtomicInteger> wakes = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofMinutes(10), Duration.ofMillis(100)));
    client = TestSettings.pacedClient(simulator, 200);
    dispatcher = new CallDispatcher(4);
    scheduler = new ConnectionScheduler(client.budget(), 4, dispatcher);
    sweep =
        new StatusSweep(
            client,
            scheduler,
            Duration.ofMillis(100),
            id -> wakes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet(),
            dispatcher);
  }

  @AfterEach
  void stop() {
    sweep.close();
    scheduler.close();
    dispatcher.close();
    client.close();
    simulator.close();
  }

  private List<String> running(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(submit("select " + i));
    }
    return ids;
  }

  private String submit(String statement) {
    return client
        .submitSqlJob(new SubmitSqlJobRequest(statement, null, "default", null, null, null, null))
        .jobId();
  }

  /**
   * Jobs that DLI already runs, submitted before the sweep starts: its first sweep then sees them
   * RUNNING, however slowly the machine submitted and launched them.
   */
  private List<String> runningInDli(int n) {
    List<String> ids = running(n);
    Wait.until(
        "DLI runs them",
        () -> ids.stream().allMatch(id -> "RUNNING".equals(simulator.sqlJobStatus(id))));
    return ids;
  }

  private static ResourceID resource(String jobId) {
    return new ResourceID("job-" + jobId, "ns");
  }

  private String status(String jobId) {
    return sweep.latest(jobId).map(o -> ((DliObservation.Seen) o).job().status()).orElse(null);
  }

  private long count(String method, String pathPart) {
    return simulator.journal().entries().stream()
        .filter(e -> e.method().equals(method) && e.path().contains(pathPart))
        .count();
  }

  @Test
  void manyJobsAreReadFromTheListsAndOnlyChangesWake() {
    List<String> ids = running(6);
    Wait.until(
        "every job RUNNING",
        () -> ids.stream().allMatch(id -> "RUNNING".equals(simulator.sqlJobStatus(id))));
    simulator.journal().clear();
    ids.forEach(id -> sweep.track(id, JobKind.SQL, resource(id)));
    Wait.until(
        "every job seen RUNNING", () -> ids.stream().allMatch(id -> "RUNNING".equals(status(id))));
    int sweeps = 3;
    long listsBefore = count("GET", "job-status=RUNNING");
    Wait.until(
        sweeps + " more sweeps", () -> count("GET", "job-status=RUNNING") >= listsBefore + sweeps);
    assertThat(count("GET", "/status")).as("6 jobs > 3 lists: no job is read on its own").isZero();
    assertThat(wakes.values())
        .as("each woken once, for its first word")
        .allMatch(n -> n.get() == 1);

    client.cancelSqlJob(ids.get(0));
    Wait.until("the cancelled job's end seen", () -> "CANCELLED".equals(status(ids.get(0))));
    assertThat(wakes.get(resource(ids.get(0))).get()).isEqualTo(2);
    assertThat(ids.subList(1, 6)).allMatch(id -> wakes.get(resource(id)).get() == 1);
    assertThat(count("GET", "/jobs/" + ids.get(0) + "/status"))
        .as(
            "the job that left the lists is read at most once for its end (a list may show it first)")
        .isLessThanOrEqualTo(1);
    long listsNow = count("GET", "job-status=RUNNING");
    Wait.until("two more sweeps", () -> count("GET", "job-status=RUNNING") >= listsNow + 2);
    assertThat(count("GET", "/jobs/" + ids.get(0) + "/status"))
        .as("an ended job is never read again")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void manyEndsAtOnceAreFoundInTheListOfJobsSinceTheyStartedNotOneByOne() {
    sweep.close();
    List<String> ids = runningInDli(8);
    // The first sweep only, half a second after its start; the test makes the next one itself,
    // once the jobs ended.
    sweep = new StatusSweep(client, scheduler, Duration.ofMinutes(5), id -> {}, dispatcher);
    ids.forEach(id -> sweep.track(id, JobKind.SQL, resource(id)));
    Wait.until(
        "every job seen RUNNING", () -> ids.stream().allMatch(id -> "RUNNING".equals(status(id))));
    List<String> cancelled = ids.subList(0, 6);
    cancelled.forEach(client::cancelSqlJob);
    Wait.until(
        "DLI ended them",
        () -> cancelled.stream().allMatch(id -> "CANCELLED".equals(simulator.sqlJobStatus(id))));
    long listsBefore = count("GET", "order=start_time_asc");

    sweep.sweep().join();

    assertThat(cancelled).allMatch(id -> "CANCELLED".equals(status(id)));
    assertThat(cancelled).allMatch(id -> count("GET", "/jobs/" + id + "/status") == 0);
    assertThat(count("GET", "order=start_time_asc") - listsBefore)
        .as("one page found all six")
        .isEqualTo(1);
  }

  @Test
  void aProbeFindsTheJobsThatEndedLatelyAmongTheFinishedAndFailedOnes() {
    sweep.close();
    List<String> ids = runningInDli(4);
    String finishes = submit("select 'f' /* sim: run 1s */");
    String fails = submit("select 'x' /* sim: fail after 1s */");
    Wait.until(
        "DLI runs them",
        () ->
            Stream.of(finishes, fails)
                .allMatch(id -> "RUNNING".equals(simulator.sqlJobStatus(id))));
    List<String> all = new ArrayList<>(ids);
    all.addAll(List.of(finishes, fails));
    sweep = new StatusSweep(client, scheduler, Duration.ofMinutes(5), id -> {}, dispatcher);
    all.forEach(id -> sweep.track(id, JobKind.SQL, resource(id)));
    Wait.until("the first sweep", () -> all.stream().allMatch(id -> "RUNNING".equals(status(id))));
    Wait.until(
        "DLI ended two",
        () ->
            "FINISHED".equals(simulator.sqlJobStatus(finishes))
                && "FAILED".equals(simulator.sqlJobStatus(fails)));

    sweep.probeEnds().join();

    assertThat(status(finishes)).isEqualTo("FINISHED");
    assertThat(status(fails)).isEqualTo("FAILED");
    assertThat(ids).allMatch(id -> "RUNNING".equals(status(id)));
    assertThat(count("GET", "/status")).as("no job read on its own").isZero();
    assertThat(count("GET", "job-status=FINISHED") + count("GET", "job-status=FAILED"))
        .as("one page of each")
        .isEqualTo(2);
  }

  @Test
  void whileSubmitsHoldTheBudgetASlowSweepIsJoinedByProbesForEnds() {
    sweep.close();
    List<String> ids = runningInDli(4);
    try (DliClient slow = TestSettings.pacedClient(simulator, 5);
        ConnectionScheduler paced = new ConnectionScheduler(slow.budget(), 4, dispatcher);
        StatusSweep slowSweep =
            new StatusSweep(slow, paced, Duration.ofMillis(100), id -> {}, dispatcher)) {
      ids.forEach(id -> slowSweep.track(id, JobKind.SQL, resource(id)));
      Wait.until(
          "two sweeps, each longer than the interval",
          () -> count("GET", "job-status=SCALING") >= 2);
      assertThat(count("GET", "job-status=FINISHED")).as("no submit waits: no probe").isZero();
      // Submits enough for ten seconds of the budget: the sweep's lists get a tenth of it.
      for (int i = 0; i < 50; i++) {
        paced.schedule(ConnectionScheduler.Priority.SUBMIT, () -> null);
      }
      Wait.until("a probe while submits wait", () -> count("GET", "job-status=FINISHED") > 0);
    }
  }

  @Test
  void theEndOfAJobWhoseCancelWasAcceptedIsLookedForBetweenSweeps() {
    sweep.close();
    List<String> ids = runningInDli(4);
    // Sweeps far apart (the first half a second after the start): only the checks between them
    // can see the end soon.
    sweep = new StatusSweep(client, scheduler, Duration.ofMinutes(5), id -> {}, dispatcher);
    ids.forEach(id -> sweep.track(id, JobKind.SQL, resource(id)));
    Wait.until("the first sweep", () -> ids.stream().allMatch(id -> "RUNNING".equals(status(id))));
    client.cancelSqlJob(ids.get(0));
    sweep.expectEnd(ids.get(0));
    Wait.until(
        "the cancel's end seen long before the next sweep",
        () -> "CANCELLED".equals(status(ids.get(0))));
    assertThat(count("GET", "job-status=RUNNING")).as("one sweep only").isEqualTo(1);
  }

  @Test
  void aFewJobsAreReadOneByOne() {
    List<String> ids = running(2);
    ids.forEach(id -> sweep.track(id, JobKind.SQL, resource(id)));
    Wait.until("both seen", () -> ids.stream().allMatch(id -> sweep.latest(id).isPresent()));
    Wait.until("a few sweeps", () -> count("GET", "/jobs/" + ids.get(1) + "/status") >= 3);
    assertThat(count("GET", "job-status=")).as("2 jobs < 3 lists: no list call").isZero();
  }

  @Test
  void runningFlinkJobsAreReadFromTheListAndOneThatLeftItOnItsOwn() {
    List<String> ids = runningFlink(5);
    ids.forEach(id -> sweep.track(id, JobKind.FLINK, resource(id)));
    Wait.until(
        "every job seen running",
        () -> ids.stream().allMatch(id -> "job_running".equals(status(id))));
    long readsBefore = flinkReads(ids);
    long listsBefore = count("GET", "status=job_running");
    int sweeps = 3;
    Wait.until(
        sweeps + " more sweeps", () -> count("GET", "status=job_running") >= listsBefore + sweeps);
    assertThat(flinkReads(ids))
        .as("5 running jobs > 1 list page: none read on its own")
        .isEqualTo(readsBefore);

    int wokenBefore = wakes.get(resource(ids.get(0))).get();
    client.stopFlinkJob(Long.parseLong(ids.get(0)), false);
    Wait.until("the stopped job's end seen", () -> "job_cancel_success".equals(status(ids.get(0))));
    assertThat(ids.subList(1, 5)).allMatch(id -> "job_running".equals(status(id)));
    assertThat(wakes.get(resource(ids.get(0))).get())
        .as("its DliJob woken for the end")
        .isGreaterThan(wokenBefore);
  }

  @Test
  void aProjectFullOfOtherRunningFlinkJobsCostsOnePageMoreThanTheReads() {
    runningFlink(200); // another team's, not followed
    List<String> ids = runningFlink(3);
    ids.forEach(id -> sweep.track(id, JobKind.FLINK, resource(id)));
    Wait.until(
        "every job seen running",
        () -> ids.stream().allMatch(id -> "job_running".equals(status(id))));
    long firstPages = count("GET", "offset=0");
    Wait.until("two more sweeps", () -> count("GET", "offset=0") >= firstPages + 2);
    assertThat(count("GET", "offset=100"))
        .as("203 running jobs take 3 pages, more than 3 reads: only the first page is read")
        .isZero();
    assertThat(ids).allMatch(id -> "job_running".equals(status(id)));
  }

  @Test
  void theOutcomesOfManyFlinkStopsAreFoundInTheListOfStoppedJobsBetweenSweeps() {
    sweep.close();
    // Another team's, stopped before: in the list of stopped jobs, and not followed.
    runningFlink(2).forEach(id -> client.stopFlinkJob(Long.parseLong(id), false));
    List<String> ids = runningFlink(5);
    sweep = new StatusSweep(client, scheduler, Duration.ofMinutes(5), id -> {}, dispatcher);
    ids.forEach(id -> sweep.track(id, JobKind.FLINK, resource(id)));
    Wait.until(
        "the first sweep", () -> ids.stream().allMatch(id -> "job_running".equals(status(id))));
    long readsBefore = flinkReads(ids);
    List<String> stopped = ids.subList(0, 4);
    for (String id : stopped) {
      client.stopFlinkJob(Long.parseLong(id), false);
      sweep.forgetLatest(id); // as the reconciler does once DLI accepted the stop
      sweep.expectEnd(id);
    }
    Wait.until(
        "every stop's outcome seen long before the next sweep",
        () -> stopped.stream().allMatch(id -> "job_cancel_success".equals(status(id))));
    assertThat(flinkReads(ids)).as("no job read on its own").isEqualTo(readsBefore);
    assertThat(count("GET", "status=job_cancel_success")).isPositive();
    assertThat(status(ids.get(4))).isEqualTo("job_running");
  }

  @Test
  void aFlinkSweepWhoseListGivesWayToCancelsReadsNoJobOnItsOwn() throws Exception {
    sweep.close();
    scheduler.close();
    client.close();
    client = TestSettings.pacedClient(simulator, 10);
    scheduler = new ConnectionScheduler(client.budget(), 4, dispatcher);
    List<String> ids = runningFlink(5);
    sweep = new StatusSweep(client, scheduler, Duration.ofMinutes(5), id -> {}, dispatcher);
    ids.forEach(id -> sweep.track(id, JobKind.FLINK, resource(id)));
    Wait.until(
        "the first sweep", () -> ids.stream().allMatch(id -> "job_running".equals(status(id))));
    long readsBefore = flinkReads(ids);

    // Six seconds of cancels at the budget, and a sweep while they wait.
    List<CompletableFuture<Object>> cancels =
        IntStream.range(0, 60)
            .mapToObj(i -> scheduler.schedule(ConnectionScheduler.Priority.CANCEL, () -> null))
            .toList();
    assertThat(scheduler.cancelsWaiting()).isTrue();
    int calls = sweep.sweep().get(30, TimeUnit.SECONDS);
    Wait.until("the cancels made", () -> cancels.stream().allMatch(CompletableFuture::isDone));

    assertThat(calls).as("the list gave way before its first page").isZero();
    assertThat(flinkReads(ids))
        .as("the jobs the list did not reach are left to the next sweep, not read one by one")
        .isEqualTo(readsBefore);
  }

  @Test
  void aFewFlinkJobsAreReadOneByOne() {
    List<String> ids = runningFlink(1);
    sweep.track(ids.get(0), JobKind.FLINK, resource(ids.get(0)));
    Wait.until("a few sweeps", () -> flinkReads(ids) >= 3);
    assertThat(count("GET", "status=job_running")).as("1 job: no list call").isZero();
  }

  /** Flink jobs created and run as the operator does, each with a DliJob's tags. */
  private List<String> runningFlink(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DliJob job =
          DliJobFixture.flinkSql("insert into sink select " + i).named("ns", "flink-" + i).build();
      job.getMetadata().setUid(UUID.randomUUID().toString());
      Submission.Submitted submitted =
          (Submission.Submitted)
              Steps.inARow(JobService.of(client, Clock.systemUTC(), job).submit(1));
      ids.add(submitted.jobId());
    }
    return ids;
  }

  /** The detail reads of these Flink jobs so far. */
  private long flinkReads(List<String> ids) {
    return ids.stream().mapToLong(id -> count("GET", "/streaming/jobs/" + id)).sum();
  }

  @Test
  void aJobForgottenIsNoLongerRead() {
    List<String> ids = running(1);
    sweep.track(ids.get(0), JobKind.SQL, resource(ids.get(0)));
    Wait.until("seen", () -> sweep.latest(ids.get(0)).isPresent());
    sweep.forget(ids.get(0));
    assertThat(sweep.latest(ids.get(0))).isEmpty();
    long reads = count("GET", "/status");
    // Two status reads of another job prove that sweeps went on meanwhile.
    List<String> other = running(1);
    sweep.track(other.get(0), JobKind.SQL, resource(other.get(0)));
    Wait.until("two sweeps", () -> count("GET", "/jobs/" + other.get(0) + "/status") >= 2);
    assertThat(count("GET", "/jobs/" + ids.get(0) + "/status")).isEqualTo(reads);
    assertThat(simulator.journal().entries()).extracting(Journal.Entry::status).doesNotContain(429);
  }
}
