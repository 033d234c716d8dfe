package dev.operator.dli.lifecycle;

import java.time.Instant;

/** How a submit ended, and when it went out. */
public sealed interface Submission extends Answer {
  Instant sentAt();

  record Submitted(String jobId, String queue, Instant sentAt) implements Submission {}

  record Failed(CallFailure failure, Instant sentAt) implements Submission {}
}
