package dev.operator.dli.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.client.DliClient;
import dev.operator.dli.lifecycle.CallFailure;
import dev.operator.dli.lifecycle.Lookup;
import dev.operator.dli.lifecycle.Submission;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.FaultRule;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.Steps;
import dev.operator.dli.testing.TestSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash points of a Flink submission, against the simulator over HTTPS: whatever state an
 * earlier process left (nothing, a created job, a running job, a run that never arrived), the
 * submit, or the lookup of the unconfirmed submission that follows, ends with exactly one job in
 * DLI, run once. The lifecycle submits only when no job can exist, and looks up otherwise.
 */
class FlinkSubmissionTest {
  private DliSimulator simulator;
  private DliClient client;

  /** What an earlier process did before it died. */
  enum Before {
    NOTHING,
    CREATED,
    CREATED_AND_RUN
  }

  @BeforeEach
  void start() {
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(50), Duration.ofMinutes(10), Duration.ofMillis(100)));
    client = TestSettings.pacedClient(simulator, 10);
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  static Stream<Arguments> crashPoints() {
    return Stream.of(
        // what came before, the next run dropped, submit, then look up
        Arguments.of(Before.NOTHING, false, true, false),
        Arguments.of(Before.NOTHING, true, true, true),
        Arguments.of(Before.CREATED, false, false, true),
        Arguments.of(Before.CREATED_AND_RUN, false, false, true));
  }

  @ParameterizedTest(name = "{0}, next run dropped {1}, submit {2}, look up {3}")
  @MethodSource("crashPoints")
  void exactlyOneJobRunsWhateverCameBefore(
      Before before, boolean runDropped, boolean submit, boolean lookUp) {
    DliJob job =
        DliJobFixture.flinkSql("insert into sink select * from src").named("ns", "orders").build();
    String uid = UUID.randomUUID().toString();
    job.getMetadata().setUid(uid);
    if (before != Before.NOTHING) {
      String name = Correlation.flinkJobName("orders", uid);
      long id =
          client.createFlinkSqlJob(
              FlinkRequests.sql(job.getSpec().getFlinkSql(), name, Correlation.tags(null, uid)));
      if (before == Before.CREATED_AND_RUN) {
        client.runFlinkJob(id);
      }
    }
    if (runDropped) {
      simulator.faults().add(FaultRule.of(FaultRule.Type.drop).on("POST", "/jobs/run").times(1));
    }
    JobService service = JobService.of(client, Clock.systemUTC(), job);

    Submission submission = submit ? Steps.inARow(service.submit(1)) : null;
    Lookup lookup = lookUp ? Steps.inARow(service.findSubmitted(null, 1)) : null;

    Map<Long, String> jobs = simulator.flinkJobsTagged("dli-operator-uid", uid);
    assertThat(jobs).as("one job in DLI").hasSize(1);
    long jobId = jobs.keySet().iterator().next();
    assertThat(jobs.get(jobId)).as("running").isIn("job_submitting", "job_running");
    assertThat(simulator.journal().count("POST", path("/streaming/sql-jobs"))).isEqualTo(1);
    assertThat(
            simulator.journal().entries().stream()
                .filter(e -> e.path().endsWith("/streaming/jobs/run") && e.status() == 200))
        .as("one run reached DLI")
        .hasSize(1);
    if (submission != null) {
      if (runDropped) {
        assertThat(submission).isInstanceOf(Submission.Failed.class);
        assertThat(((Submission.Failed) submission).failure().mayHaveTakenEffect())
            .as("the job was created: look it up, never create another")
            .isTrue();
      } else {
        assertThat(submission)
            .isEqualTo(
                new Submission.Submitted(String.valueOf(jobId), "streaming", submission.sentAt()));
      }
    }
    if (lookup != null) {
      assertThat(lookup).isEqualTo(new Lookup.Looked(Optional.of(String.valueOf(jobId))));
    }
  }

  @Test
  void aJobDliWillNotRunIsDeletedAndTheSubmissionFails() {
    DliJob job =
        DliJobFixture.flinkSql("insert into sink select * from src").named("ns", "refused").build();
    String uid = UUID.randomUUID().toString();
    job.getMetadata().setUid(uid);
    simulator
        .faults()
        .add(FaultRule.of(FaultRule.Type.error).withStatus(400).on("POST", "/jobs/run"));

    Submission submission = Steps.inARow(JobService.of(client, Clock.systemUTC(), job).submit(1));

    assertThat(submission).isInstanceOf(Submission.Failed.class);
    assertThat(((Submission.Failed) submission).failure().cause())
        .isEqualTo(CallFailure.Cause.PERMANENT);
    assertThat(simulator.journal().count("POST", path("/streaming/sql-jobs"))).isEqualTo(1);
    assertThat(simulator.flinkJobsTagged("dli-operator-uid", uid))
        .as("the created definition was deleted: nothing left behind")
        .isEmpty();
  }

  @Test
  void aSubmitIsTwoRequestsCreateThenRunWithNoLookBefore() {
    DliJob job = DliJobFixture.flinkJar("/* sim: run 10m */").named("ns", "two-calls").build();
    job.getMetadata().setUid(UUID.randomUUID().toString());
    simulator.journal().clear();

    Submission submission = Steps.inARow(JobService.of(client, Clock.systemUTC(), job).submit(1));

    assertThat(submission).isInstanceOf(Submission.Submitted.class);
    assertThat(simulator.journal().entries())
        .extracting(e -> e.method() + " " + e.path())
        .containsExactly(
            "POST " + path("/streaming/flink-jobs"), "POST " + path("/streaming/jobs/run"));
  }

  @Test
  void theLookupOfASubmissionThatNeverHappenedFindsNothingAndCreatesNothing() {
    DliJob job =
        DliJobFixture.flinkSql("insert into sink select * from src").named("ns", "none").build();
    String uid = UUID.randomUUID().toString();
    job.getMetadata().setUid(uid);

    Lookup lookup =
        Steps.inARow(JobService.of(client, Clock.systemUTC(), job).findSubmitted(null, 1));

    assertThat(lookup).isEqualTo(new Lookup.Looked(Optional.empty()));
    assertThat(simulator.flinkJobsTagged("dli-operator-uid", uid)).isEmpty();
  }

  private String path(String rest) {
    return "/v1.0/" + simulator.config().projectId() + rest;
  }
}
