package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.lifecycle.Problem;
import dev.operator.dli.lifecycle.StallReason;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobCallsTest {
  private final JobCalls calls = new JobCalls();

  private static JobCalls.Call call(JobCalls.Kind kind) {
    return new JobCalls.Call(kind, new CompletableFuture<>());
  }

  @Test
  void anAnsweredCallIsForgottenOnlyWhenItsStatusIsStoredAndOnlyIfNoOtherStartedSince() {
    JobCalls.Call cancel = call(JobCalls.Kind.CANCEL);
    calls.start("uid", cancel);
    JobCalls.Call lookup = call(JobCalls.Kind.LOOKUP);
    calls.start("uid", lookup);
    calls.finished("uid", cancel);
    assertThat(calls.underWay("uid")).as("the newer call stays").contains(lookup);
    calls.finished("uid", lookup);
    assertThat(calls.underWay("uid")).isEmpty();
  }

  @Test
  void failuresCountUpAndAProblemStaysUntilACallSucceeds() {
    Problem auth = new Problem(StallReason.AuthenticationFailed, "bad key");
    calls.failed("uid", auth);
    calls.failed("uid", null);
    assertThat(calls.failures("uid")).isEqualTo(2);
    assertThat(calls.problem("uid"))
        .as("a transient failure does not hide the bad key")
        .isEqualTo(auth);
    calls.succeeded("uid");
    assertThat(calls.failures("uid")).isZero();
    assertThat(calls.problem("uid")).isNull();
  }

  @Test
  void forgettingAJobForgetsAll() {
    calls.start("uid", call(JobCalls.Kind.SUBMIT));
    calls.failed("uid", null);
    calls.forget("uid");
    assertThat(calls.underWay("uid")).isEmpty();
    assertThat(calls.failures("uid")).isZero();
  }
}
