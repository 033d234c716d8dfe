package dev.operator.dli.service;

import java.util.function.Supplier;

/**
 * An operation on DLI as a chain of HTTP requests: its answer, or the next request to send. Sending
 * a {@link Request} makes exactly one HTTP request and says what comes next, so that the
 * connection's scheduler gives every request a permit of its own (DLI's gateway counts requests,
 * not operations) and no thread waits between two of them.
 */
public sealed interface Step<A> {
  /** The operation is over: this is its answer. */
  record Done<A>(A answer) implements Step<A> {}

  /** One request to send; {@code send} makes it, synchronously, and answers the next step. */
  record Request<A>(Supplier<Step<A>> send) implements Step<A> {}

  static <A> Step<A> done(A answer) {
    return new Done<>(answer);
  }

  static <A> Step<A> request(Supplier<Step<A>> send) {
    return new Request<>(send);
  }

  /** An operation of one request, whose result is the answer. */
  static <A> Step<A> single(Supplier<A> call) {
    return new Request<>(() -> new Done<>(call.get()));
  }
}
