package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.FlinkJarJobSpec;
import dev.operator.dli.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On a controlled clock: a Flink job DLI accepted to run but that stays starting is Stalled after
 * the start timeout; an adopted Flink job is observed and stopped, never created, and its
 * definition stays.
 */
class FlinkStartAndAdoptionTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Timing TIMING =
      new Timing(
          Duration.ofSeconds(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          TIMEOUT,
          0,
          () -> 0.5);
  private final Decisions decisions = new Decisions(TIMING, T0.minusSeconds(3600));
  private final Outcomes outcomes = new Outcomes(TIMING, T0.minusSeconds(3600));

  private static DliJobSpec flinkJar(String adopt) {
    DliJobSpec spec = new DliJobSpec();
    FlinkJarJobSpec jar = new FlinkJarJobSpec();
    jar.setEntrypoint("obs://bucket/stream.jar");
    jar.setQueue("streaming");
    spec.setFlinkJar(jar);
    spec.setJobId(adopt);
    return spec;
  }

  private static DliJobStatus running() {
    DliJobStatus st = new DliJobStatus();
    st.setPhase(Phase.Running);
    st.setJobId("10001");
    st.setSubmittedAt(T0.minusSeconds(5).toString());
    return st;
  }

  private static Snapshot at(DliJobSpec spec, DliJobStatus st, Instant now) {
    return Snapshot.of(spec, st, now).createdAt(T0.minusSeconds(10)).observed(true).build();
  }

  private static DliObservation seen(String status) {
    return new DliObservation.Seen(
        new JobView(status, "flink_jar_job", "streaming", null, 0L, null, ""));
  }

  /** Reads DLI's status at {@code now} and decides, as a pass would. */
  private Action readAndDecide(DliJobSpec spec, DliJobStatus st, String status, Instant now) {
    outcomes.observed(at(spec, st, now), st, seen(status));
    return decisions.decide(at(spec, st, now));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"job_init", "job_submitting"})
  void aJobThatDoesNotStartIsStalledAfterTheTimeout(String starting) {
    DliJobSpec spec = flinkJar(null);
    DliJobStatus st = running();

    assertThat(readAndDecide(spec, st, starting, T0))
        .as("a timer for the timeout: the sweep wakes nobody while DLI says the same")
        .isEqualTo(new Action.Wait(TIMEOUT.plusMillis(10)));
    assertThat(st.getStartingSince()).isEqualTo(T0.toString());
    assertThat(decisions.stall(at(spec, st, T0))).isEmpty();

    Instant later = T0.plus(Duration.ofMinutes(4));
    assertThat(readAndDecide(spec, st, starting, later))
        .isEqualTo(new Action.Wait(Duration.ofMinutes(6).plusMillis(10)));
    assertThat(st.getStartingSince()).as("counts from the first read").isEqualTo(T0.toString());

    Instant overdue = T0.plus(TIMEOUT);
    assertThat(readAndDecide(spec, st, starting, overdue)).isEqualTo(new Action.Wait(null));
    Optional<Stall> stall = decisions.stall(at(spec, st, overdue));
    assertThat(stall).get().extracting(Stall::reason).isEqualTo(StallReason.FlinkStartTimeout);
    assertThat(stall.get().message())
        .isEqualTo(
            "DLI accepted Flink job 10001 to run, but it has been "
                + starting
                + " since 2026-11-29T10:00:00Z, longer than 10m (DLI_FLINK_START_TIMEOUT):"
                + " check that its queue has free CUs, and the job in DLI's console");
    Conditions.apply(st, 1, stall.get(), overdue);
    assertThat(st.getStalledReason()).isEqualTo("FlinkStartTimeout");
    assertThat(st.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=False", "Reconciling=False", "Stalled=True");

    Instant runs = overdue.plusSeconds(30);
    readAndDecide(spec, st, "job_running", runs);
    assertThat(st.getStartingSince()).as("it started after all").isNull();
    assertThat(decisions.stall(at(spec, st, runs))).isEmpty();
  }

  @Test
  void aJobThatStartsInTimeIsNeverStalled() {
    DliJobSpec spec = flinkJar(null);
    DliJobStatus st = running();
    readAndDecide(spec, st, "job_submitting", T0);
    assertThat(readAndDecide(spec, st, "job_running", T0.plusSeconds(40)))
        .isEqualTo(new Action.Wait(null));
    assertThat(st.getStartingSince()).isNull();
    assertThat(decisions.stall(at(spec, st, T0.plus(TIMEOUT).plusSeconds(1)))).isEmpty();
  }

  @Test
  void theEarlierOfDeadlineAndStartTimeoutSetsTheTimer() {
    DliJobSpec spec = flinkJar(null);
    spec.setActiveDeadlineSeconds(65L); // submitted 5 s before T0: 60 s left
    DliJobStatus st = running();
    assertThat(readAndDecide(spec, st, "job_submitting", T0))
        .isEqualTo(new Action.Wait(Duration.ofSeconds(60).plusMillis(10)));
  }

  @Test
  void aStoppingJobIsNotTimedOut() {
    DliJobSpec spec = flinkJar(null);
    spec.setCancel(true);
    DliJobStatus st = running();
    outcomes.observed(at(spec, st, T0), st, seen("job_submitting"));
    st.setPhase(Phase.Cancelling);
    assertThat(decisions.stall(at(spec, st, T0.plus(TIMEOUT).plusSeconds(1)))).isEmpty();
  }

  @Test
  void anAdoptedFlinkJobIsObservedNeverSubmitted() {
    DliJobSpec spec = flinkJar("148");
    DliJobStatus st = new DliJobStatus();
    assertThat(decisions.decide(at(spec, st, T0))).isEqualTo(new Action.Adopt("148"));
    outcomes.adopted(st, "148");
    assertThat(decisions.decide(Snapshot.of(spec, st, T0).build())).isEqualTo(new Action.Observe());
    assertThat(readAndDecide(spec, st, "job_running", T0)).isEqualTo(new Action.Wait(null));
    assertThat(st.getPhase()).isEqualTo(Phase.Running);
    assertThat(st.getAttempts()).as("no attempt: nothing was submitted").isNull();
  }

  @Test
  void anAdoptedFlinkJobIsStoppedAndItsDefinitionLeft() {
    DliJobSpec spec = flinkJar("148");
    DliJobStatus st = new DliJobStatus();
    outcomes.adopted(st, "148");
    outcomes.observed(at(spec, st, T0), st, seen("job_running"));
    Snapshot deleting = Snapshot.of(spec, st, T0).deleting(true).observed(true).build();
    assertThat(decisions.decide(deleting))
        .isEqualTo(new Action.Cancel(CancelReason.ResourceDeleted));

    outcomes.cancelCalled(
        deleting, st, CancelReason.ResourceDeleted, new CancelAnswer.Accepted(200, true, "ok"));
    Snapshot stopping = Snapshot.of(spec, st, T0).deleting(true).build();
    outcomes.observed(stopping, st, seen("job_cancel_success"));
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Cancelled);
    assertThat(decisions.decide(Snapshot.of(spec, st, T0).deleting(true).observed(true).build()))
        .as("the operator did not create the job: its definition stays")
        .isEqualTo(new Action.Release("cancel outcome Cancelled"));
  }

  @Test
  void anAdoptedJobThatNeverRanIsStalledAfterTheTimeout() {
    DliJobSpec spec = flinkJar("148");
    DliJobStatus st = new DliJobStatus();
    outcomes.adopted(st, "148");
    readAndDecide(spec, st, "job_init", T0);
    assertThat(decisions.stall(at(spec, st, T0.plus(TIMEOUT)))).isPresent();
  }
}
