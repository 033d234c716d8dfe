package dev.operator.dli.lifecycle;

import java.util.Optional;

/** How the lookup of an unconfirmed submission ended: the job found (or none), or why it failed. */
public sealed interface Lookup extends Answer {
  record Looked(Optional<String> jobId) implements Lookup {}

  record Failed(CallFailure failure) implements Lookup {}
}
