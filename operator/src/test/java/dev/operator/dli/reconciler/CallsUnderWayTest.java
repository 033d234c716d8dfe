package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.lifecycle.Answer;
import dev.operator.dli.lifecycle.Stall;
import dev.operator.dli.lifecycle.StallReason;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CallsUnderWayTest {
  private final CallsUnderWay calls = new CallsUnderWay();

  @Test
  void anAnsweredCallIsForgottenOnlyWhenItsStatusIsStoredAndOnlyIfNoOtherStartedSince() {
    CompletableFuture<Answer> cancel = new CompletableFuture<>();
    calls.start("uid", cancel);
    CompletableFuture<Answer> lookup = new CompletableFuture<>();
    calls.start("uid", lookup);
    calls.finished("uid", cancel);
    assertThat(calls.underWay("uid")).as("the newer call stays").contains(lookup);
    calls.finished("uid", lookup);
    assertThat(calls.underWay("uid")).isEmpty();
  }

  @Test
  void failuresCountUpAndAStallStaysUntilACallSucceeds() {
    Stall auth = new Stall(StallReason.AuthenticationFailed, "bad key");
    calls.failed("uid", auth);
    calls.failed("uid", null);
    assertThat(calls.failures("uid")).isEqualTo(2);
    assertThat(calls.stall("uid"))
        .as("a transient failure does not hide the bad key")
        .isEqualTo(auth);
    calls.succeeded("uid");
    assertThat(calls.failures("uid")).isZero();
    assertThat(calls.stall("uid")).isNull();
  }

  @Test
  void forgettingAJobForgetsAll() {
    calls.start("uid", new CompletableFuture<>());
    calls.failed("uid", null);
    calls.forget("uid");
    assertThat(calls.underWay("uid")).isEmpty();
    assertThat(calls.failures("uid")).isZero();
  }
}
