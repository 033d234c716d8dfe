package dev.operator.dli.lifecycle;

import static dev.operator.dli.lifecycle.LifecycleDecisionTest.NOW;
import static dev.operator.dli.lifecycle.LifecycleDecisionTest.STARTED;
import static dev.operator.dli.lifecycle.LifecycleDecisionTest.TIMING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.Attempt;
import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.CancelReason;
import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.Phase;
import dev.operator.dli.testing.DliJobFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spec.backoffLimit on a controlled clock: which endings are retried, the back-off and its cap, the
 * deadline across attempts, a cancel or a deletion during the back-off, the attempt marker across a
 * restart, and the bounded history.
 */
class RetriesTest {
  private final Decisions decisions = new Decisions(TIMING, STARTED);
  private final Outcomes outcomes = new Outcomes(TIMING, STARTED);

  private static DliJobSpec sql(int backoffLimit) {
    return DliJobFixture.sql("insert into t select 1")
        .with(spec -> spec.setBackoffLimit(backoffLimit))
        .build()
        .getSpec();
  }

  private static DliJobSpec spark(int backoffLimit) {
    return DliJobFixture.spark("/* sim: run 1s */")
        .with(spec -> spec.setBackoffLimit(backoffLimit))
        .build()
        .getSpec();
  }

  private static DliJobSpec flink(int backoffLimit) {
    // The API server refuses this; the lifecycle must not retry it all the same.
    return DliJobFixture.flinkSql("insert into sink select * from source")
        .with(spec -> spec.setBackoffLimit(backoffLimit))
        .build()
        .getSpec();
  }

  private static DliObservation seen(String status, String message) {
    return new DliObservation.Seen(
        new JobView(status, "INSERT", "default", null, 2_000L, null, message));
  }

  private Snapshot at(DliJobSpec spec, DliJobStatus st, Instant now) {
    return Snapshot.of(spec, st, now).createdAt(NOW.minusSeconds(600)).observed(true).build();
  }

  /** Submits the next attempt at {@code now} and records its job ID, as a reconcile pass does. */
  private DliJobStatus submit(DliJobStatus st, Instant now, String jobId) {
    outcomes.submitting(st, now);
    outcomes.submitted(st, jobId, "default");
    return st;
  }

  private List<JobEvent> end(DliJobSpec spec, DliJobStatus st, Instant now, String status) {
    return outcomes.observed(
        at(spec, st, now), st, seen(status, status.equals("FAILED") ? "DLI.0005: no table" : ""));
  }

  record Ending(
      String title,
      DliJobSpec spec,
      Consumer<DliJobStatus> before,
      String dliStatus,
      Phase phase,
      EventReason event) {
    @Override
    public String toString() {
      return title;
    }
  }

  static Stream<Ending> endings() {
    Consumer<DliJobStatus> asIs = st -> {};
    DliJobSpec adopted = sql(2);
    adopted.setJobId("job-1");
    return Stream.of(
        new Ending("SQL FAILED", sql(2), asIs, "FAILED", Phase.Pending, EventReason.Retrying),
        new Ending("Spark dead", spark(2), asIs, "dead", Phase.Pending, EventReason.Retrying),
        new Ending(
            "Spark dead after a cancel",
            spark(2),
            st -> st.setPhase(Phase.Cancelling),
            "dead",
            Phase.Cancelled,
            EventReason.Cancelled),
        new Ending(
            "SQL FAILED while a cancel was under way",
            sql(2),
            st -> st.setPhase(Phase.Cancelling),
            "FAILED",
            Phase.Failed,
            EventReason.Cancelled),
        new Ending(
            "SQL CANCELLED outside the operator",
            sql(2),
            asIs,
            "CANCELLED",
            Phase.Cancelled,
            EventReason.Cancelled),
        new Ending(
            "SQL FINISHED", sql(2), asIs, "FINISHED", Phase.Succeeded, EventReason.Succeeded),
        new Ending("backoffLimit 0", sql(0), asIs, "FAILED", Phase.Failed, EventReason.Failed),
        new Ending(
            "a Flink job",
            flink(2),
            asIs,
            "job_running_exception",
            Phase.Failed,
            EventReason.Failed),
        new Ending("an adopted job", adopted, asIs, "FAILED", Phase.Failed, EventReason.Failed));
  }

  @ParameterizedTest
  @MethodSource("endings")
  void onlyAJobThatFailedOnItsOwnIsRetried(Ending row) {
    DliJobStatus st = submit(new DliJobStatus(), NOW.minusSeconds(60), "job-1");
    row.before().accept(st);
    if (st.getPhase() == Phase.Cancelling) {
      Cancellations.start(st, CancelReason.Requested, NOW.minusSeconds(5));
      st.getCancellation().setHttpStatus(200);
    }
    List<JobEvent> events = end(row.spec(), st, NOW, row.dliStatus());
    assertThat(st.getPhase()).isEqualTo(row.phase());
    assertThat(events).extracting(JobEvent::reason).contains(row.event());
    assertThat(Retries.backingOff(st)).isEqualTo(row.phase() == Phase.Pending);
  }

  @Test
  void aSubmitDliRefusedForGoodIsNotRetried() {
    DliJobStatus st = new DliJobStatus();
    outcomes.submitting(st, NOW);
    outcomes.submitFailed(
        st, new CallFailure(CallFailure.Cause.PERMANENT, 400, "DLI.0001", "bad queue"), NOW);
    assertThat(st.getPhase()).isEqualTo(Phase.Failed);
    assertThat(decisions.decide(at(sql(3), st, NOW.plusSeconds(60))))
        .isEqualTo(new Action.Wait(null));
  }

  @Test
  void theBackOffStartsAtTenSecondsAndDoublesUpToSixMinutes() {
    assertThat(Stream.of(1, 2, 3, 4, 5, 6, 7, 8, 40).map(Retries::backoff).map(Duration::toSeconds))
        .containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 360L, 360L, 360L);
  }

  @Test
  void aFailedAttemptWaitsPendingWithTheIssuesWordsThenTheNextAttemptIsSubmitted() {
    DliJobSpec spec = sql(2);
    DliJobStatus st = submit(new DliJobStatus(), NOW.minusSeconds(60), "job-1");
    List<JobEvent> events = end(spec, st, NOW, "FAILED");

    String text = "attempt 2 of 3 in 10 s, after DLI job job-1 FAILED: DLI.0005: no table";
    assertThat(st.getMessage()).isEqualTo(text);
    assertThat(events).containsExactly(new JobEvent(EventReason.Retrying, text));
    assertThat(st.getNextAttemptAt()).isEqualTo(NOW.plusSeconds(10).toString());
    assertThat(st.getCompletionTime()).isNull();
    assertThat(st.getJobId()).isEqualTo("job-1");
    assertThat(st.getAttempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAttempt()).isEqualTo(1);
              assertThat(a.getJobId()).isEqualTo("job-1");
              assertThat(a.getDliStatus()).isEqualTo("FAILED");
              assertThat(a.getMessage()).isEqualTo("DLI.0005: no table");
              assertThat(a.getCompletionTime()).isNotNull();
            });
    Conditions.apply(st, 1, null, NOW);
    assertThat(st.getConditions())
        .filteredOn(c -> c.getType().equals(Conditions.RECONCILING))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo(Conditions.RETRYING);
              assertThat(c.getMessage()).isEqualTo(text);
            });
    assertThat(st.getStalledReason()).isNull();

    assertThat(decisions.decide(at(spec, st, NOW.plusSeconds(4))))
        .isEqualTo(new Action.Wait(Duration.ofMillis(6_010)));
    assertThat(decisions.decide(at(spec, st, NOW.plusSeconds(10)))).isEqualTo(new Action.Submit());

    outcomes.submitting(st, NOW.plusSeconds(10));
    assertThat(st.getPhase()).isEqualTo(Phase.Submitting);
    assertThat(st.getJobId()).isNull();
    assertThat(st.getDliStatus()).isNull();
    assertThat(st.getNextAttemptAt()).isNull();
    assertThat(Attempts.number(st)).isEqualTo(2);
    assertThat(st.getAttempts()).extracting(Attempt::getAttempt).containsExactly(1, 2);
    assertThat(st.getAttempts().get(1).getSubmittedAt()).isEqualTo(NOW.plusSeconds(10).toString());
  }

  @Test
  void theLimitSpentEndsFailedWithTheLastAttemptsMessage() {
    DliJobSpec spec = sql(2);
    DliJobStatus st = submit(new DliJobStatus(), NOW, "job-1");
    end(spec, st, NOW.plusSeconds(5), "FAILED");
    submit(st, NOW.plusSeconds(15), "job-2");
    end(spec, st, NOW.plusSeconds(20), "FAILED");
    assertThat(st.getMessage()).startsWith("attempt 3 of 3 in 20 s, after DLI job job-2 FAILED");
    submit(st, NOW.plusSeconds(40), "job-3");
    List<JobEvent> events =
        outcomes.observed(
            at(spec, st, NOW.plusSeconds(45)), st, seen("FAILED", "DLI.0005: still no table"));
    assertThat(st.getPhase()).isEqualTo(Phase.Failed);
    assertThat(st.getMessage()).isEqualTo("DLI.0005: still no table");
    assertThat(st.getJobId()).isEqualTo("job-3");
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Failed);
    assertThat(st.getAttempts())
        .extracting(Attempt::getAttempt, Attempt::getJobId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "job-1"),
            org.assertj.core.groups.Tuple.tuple(2, "job-2"),
            org.assertj.core.groups.Tuple.tuple(3, "job-3"));
  }

  @Test
  void theDeadlineCountsFromTheFirstAttempt() {
    DliJobSpec spec = sql(5);
    spec.setActiveDeadlineSeconds(100L);
    DliJobStatus st = submit(new DliJobStatus(), NOW, "job-1");
    end(spec, st, NOW.plusSeconds(30), "FAILED");
    submit(st, NOW.plusSeconds(40), "job-2");
    assertThat(st.getFirstSubmittedAt()).isEqualTo(NOW.toString());
    st.setPhase(Phase.Running);

    assertThat(decisions.decide(at(spec, st, NOW.plusSeconds(90))))
        .isEqualTo(new Action.Wait(Duration.ofMillis(10_010)));
    assertThat(decisions.decide(at(spec, st, NOW.plusSeconds(100))))
        .isEqualTo(new Action.Cancel(CancelReason.DeadlineExceeded));
  }

  @Test
  void noAttemptIsScheduledToStartPastTheDeadline() {
    DliJobSpec spec = sql(5);
    spec.setActiveDeadlineSeconds(100L);
    DliJobStatus st = submit(new DliJobStatus(), NOW, "job-1");
    List<JobEvent> events = end(spec, st, NOW.plusSeconds(95), "FAILED");
    assertThat(st.getPhase()).isEqualTo(Phase.Failed);
    assertThat(st.getNextAttemptAt()).isNull();
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Failed);
  }

  @Test
  void theDeadlinePassingDuringTheBackOffEndsTheJobWithoutACall() {
    DliJobSpec spec = sql(5);
    spec.setActiveDeadlineSeconds(100L);
    DliJobStatus st = backingOff(spec);
    // The connection was down: the attempt due at +40 s was never submitted.
    Action action = decisions.decide(at(spec, st, NOW.plusSeconds(101)));
    assertThat(action).isEqualTo(new Action.CancelBeforeSubmit(CancelReason.DeadlineExceeded));
    outcomes.cancelledBeforeSubmit(st, CancelReason.DeadlineExceeded, NOW.plusSeconds(101));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelled);
    assertThat(st.getNextAttemptAt()).isNull();
    assertThat(st.getCancellation().getMessage())
        .isEqualTo(
            "spec.activeDeadlineSeconds passed while waiting for attempt 2: no DLI job was running");
    Conditions.apply(st, 1, null, NOW.plusSeconds(101));
    assertThat(st.getStalledReason()).isEqualTo(StallReason.DeadlineExceeded.name());
  }

  @Test
  void aCancelDuringTheBackOffNeedsNoCallAndEndsCancelled() {
    DliJobSpec spec = sql(2);
    DliJobStatus st = backingOff(spec);
    spec.setCancel(true);
    Action action = decisions.decide(at(spec, st, NOW.plusSeconds(32)));
    assertThat(action).isEqualTo(new Action.CancelBeforeSubmit(CancelReason.Requested));
    List<JobEvent> events =
        outcomes.cancelledBeforeSubmit(st, CancelReason.Requested, NOW.plusSeconds(32));
    assertThat(st.getPhase()).isEqualTo(Phase.Cancelled);
    assertThat(st.getCancellation().getOutcome()).isEqualTo(CancelOutcome.Cancelled);
    assertThat(st.getCancellation().getAttempts()).isZero();
    assertThat(events).extracting(JobEvent::reason).containsExactly(EventReason.Cancelled);
    Conditions.apply(st, 1, null, NOW.plusSeconds(32));
    assertThat(st.getConditions())
        .filteredOn(c -> c.getType().equals(Conditions.READY))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(decisions.decide(at(spec, st, NOW.plusSeconds(33))))
        .isEqualTo(new Action.Wait(null));
  }

  @Test
  void aDeletionDuringTheBackOffReleasesAtOnceWhateverThePolicy() {
    for (DeletionPolicy policy : DeletionPolicy.values()) {
      DliJobSpec spec = sql(2);
      spec.setDeletionPolicy(policy);
      DliJobStatus st = backingOff(spec);
      Snapshot deleting =
          Snapshot.of(spec, st, NOW.plusSeconds(32)).deleting(true).observed(true).build();
      assertThat(decisions.decide(deleting))
          .as("%s", policy)
          .isEqualTo(
              new Action.Release(
                  "the DliJob was waiting between attempts: no DLI job was running"));
    }
  }

  @Test
  void theAttemptMarkerHoldsAcrossARestart() {
    DliJobSpec spec = spark(2);
    DliJobStatus st = backingOff(spec);
    outcomes.submitting(st, NOW.plusSeconds(40)); // stored, then the operator is killed

    Instant restarted = NOW.plusSeconds(50);
    Decisions after = new Decisions(TIMING, restarted);
    Outcomes afterOutcomes = new Outcomes(TIMING, restarted);
    assertThat(after.decide(at(spec, st, restarted))).isEqualTo(new Action.LookupByTag());
    assertThat(Attempts.number(st)).isEqualTo(2);

    // Not found in the settling window after the restart: never submitted, so attempt 2 again.
    afterOutcomes.lookedUp(at(spec, st, restarted.plusSeconds(121)), st, null);
    assertThat(st.getPhase()).isEqualTo(Phase.Pending);
    assertThat(after.decide(at(spec, st, restarted.plusSeconds(121))))
        .isEqualTo(new Action.Submit());
    afterOutcomes.submitting(st, restarted.plusSeconds(121));
    assertThat(Attempts.number(st)).as("the same attempt, not a skipped one").isEqualTo(2);

    // Found by a later lookup: the job is attempt 2's.
    afterOutcomes.lookedUp(at(spec, st, restarted.plusSeconds(125)), st, "batch-2");
    assertThat(st.getJobId()).isEqualTo("batch-2");
    assertThat(st.getAttempts()).extracting(Attempt::getJobId).containsExactly("job-1", "batch-2");
  }

  @Test
  void aDliJobFromBeforeRetriesIsAttemptOne() {
    DliJobSpec spec = sql(1);
    DliJobStatus st = new DliJobStatus(); // as an older operator left it: no attempts
    st.setPhase(Phase.Submitting);
    st.setSubmittedAt(NOW.minusSeconds(30).toString());
    assertThat(decisions.decide(at(spec, st, NOW))).isEqualTo(new Action.LookupByTag());
    assertThat(Attempts.number(st)).isEqualTo(1);
    outcomes.lookedUp(at(spec, st, NOW), st, "old-job");
    st.setPhase(Phase.Running);
    end(spec, st, NOW.plusSeconds(20), "FAILED");
    assertThat(st.getAttempts())
        .extracting(Attempt::getAttempt, Attempt::getJobId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "old-job"));
    assertThat(st.getMessage()).startsWith("attempt 2 of 2 in 10 s, after DLI job old-job FAILED");
  }

  @Test
  void theHistoryKeepsTheLastTenAndCountsTheOlderOnes() {
    DliJobSpec spec = sql(20);
    DliJobStatus st = new DliJobStatus();
    Instant t = NOW;
    for (int n = 1; n <= 12; n++) {
      submit(st, t, "job-" + n);
      t = t.plusSeconds(1);
      end(spec, st, t, "FAILED");
      t = Instant.parse(st.getNextAttemptAt());
    }
    assertThat(st.getAttempts()).hasSize(10);
    assertThat(st.getOlderAttempts()).isEqualTo(2);
    assertThat(st.getAttempts().get(0).getAttempt()).isEqualTo(3);
    assertThat(Attempts.number(st)).isEqualTo(12);
    assertThat(st.getMessage()).startsWith("attempt 13 of 21 in 360 s");
  }

  @Test
  void aRetryIsCountedOnceWhenItsMarkerIsStoredAndItsJobAsASubmission() {
    DliJobSpec spec = sql(2);
    DliJobStatus failed = submit(new DliJobStatus(), NOW, "job-1");
    end(spec, failed, NOW.plusSeconds(5), "FAILED");
    DliJobStatus marker = copy(failed);
    outcomes.submitting(marker, NOW.plusSeconds(15));
    DliJobStatus submitted = copy(marker);
    outcomes.submitted(submitted, "job-2", "default");

    assertThat(StatusTransition.read(failed, marker, false, NOW, NOW.plusSeconds(15)))
        .containsExactly(new StatusTransition.Retried());
    assertThat(StatusTransition.read(marker, submitted, false, NOW, NOW.plusSeconds(16)))
        .containsExactly(new StatusTransition.Submitted(null));
    assertThat(StatusTransition.read(submitted, submitted, false, NOW, NOW.plusSeconds(17)))
        .isEmpty();
  }

  /** A job whose attempt 1 (submitted at NOW) failed at +30 s: attempt 2 is due at +40 s. */
  private DliJobStatus backingOff(DliJobSpec spec) {
    DliJobStatus st = submit(new DliJobStatus(), NOW, "job-1");
    st.setPhase(Phase.Running);
    end(spec, st, NOW.plusSeconds(30), spec.getSpark() != null ? "dead" : "FAILED");
    assertThat(Retries.backingOff(st)).isTrue();
    return st;
  }

  private static DliJobStatus copy(DliJobStatus st) {
    return Snapshot.of(null, st, NOW).build().status();
  }
}
