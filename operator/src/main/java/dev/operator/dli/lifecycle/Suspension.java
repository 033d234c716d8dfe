package dev.operator.dli.lifecycle;

/** The answer of a suspend (a Flink stop with a savepoint) or of a resume (a run from it). */
public sealed interface Suspension extends Answer {
  /** The stop with a savepoint: DLI's answer, as a cancel's (a stop is how a Flink job ends). */
  record Stop(CancelAnswer answer) implements Suspension {}

  /** The run from the savepoint; {@code failure} is null when DLI took it. */
  record Resume(CallFailure failure) implements Suspension {}
}
