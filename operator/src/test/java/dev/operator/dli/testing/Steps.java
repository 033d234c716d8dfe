package dev.operator.dli.testing;

import dev.operator.dli.service.Step;

/** Runs the steps of an operation on the test's thread, with no scheduler and no budget. */
public final class Steps {
  private Steps() {}

  /** Sends the operation's requests one after the other; answers how it ended. */
  public static <A> A inARow(Step<A> operation) {
    Step<A> step = operation;
    while (step instanceof Step.Request<A> request) {
      step = request.send().get();
    }
    return ((Step.Done<A>) step).answer();
  }
}
