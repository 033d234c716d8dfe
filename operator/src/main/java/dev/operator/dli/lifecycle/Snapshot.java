package dev.operator.dli.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import java.time.Instant;

/**
 * Everything a decision depends on, as it was when the snapshot was taken: the status is a copy, so
 * that folding an outcome into the working status leaves the snapshot as it was.
 *
 * @param spec the resource's spec; null for a DliJob that has none (bad input)
 * @param observed whether DLI's latest word on the job was taken in this pass already
 * @param cancelCalled whether a cancel call's answer was taken in this pass already
 * @param failures how many calls in a row failed to reach DLI (for the error backoff)
 * @param ttlHeld whether ttlSecondsAfterFinished must not delete the resource ({@link TtlGuard})
 * @param definitionGone whether the Flink job's definition was deleted in DLI in this pass
 * @param connectionGone whether the connection resource the job names no longer exists
 */
public record Snapshot(
    DliJobSpec spec,
    DliJobStatus status,
    boolean deleting,
    Instant createdAt,
    Instant now,
    boolean observed,
    boolean cancelCalled,
    int failures,
    boolean ttlHeld,
    boolean definitionGone,
    boolean connectionGone) {
  private static final ObjectMapper COPIER = new ObjectMapper();

  /** When the job was submitted (its marker), or else when the resource was created. */
  public Instant submittedAt() {
    return status.getSubmittedAt() != null ? Instant.parse(status.getSubmittedAt()) : createdAt;
  }

  /** When the first attempt was submitted: activeDeadlineSeconds counts from it. */
  public Instant firstSubmittedAt() {
    return status.getFirstSubmittedAt() != null
        ? Instant.parse(status.getFirstSubmittedAt())
        : submittedAt();
  }

  /** A snapshot of this spec and (a copy of) this status, taken at {@code now}. */
  public static Builder of(DliJobSpec spec, DliJobStatus status, Instant now) {
    return new Builder(spec, status, now);
  }

  /** The snapshot's facts beyond spec, status and time; each false, zero or now unless set. */
  public static final class Builder {
    private final DliJobSpec spec;
    private final DliJobStatus status;
    private final Instant now;
    private boolean deleting;
    private Instant createdAt;
    private boolean observed;
    private boolean cancelCalled;
    private int failures;
    private boolean ttlHeld;
    private boolean definitionGone;
    private boolean connectionGone;

    private Builder(DliJobSpec spec, DliJobStatus status, Instant now) {
      this.spec = spec;
      this.status = status;
      this.now = now;
      this.createdAt = now;
    }

    public Builder deleting(boolean value) {
      deleting = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      createdAt = value;
      return this;
    }

    public Builder observed(boolean value) {
      observed = value;
      return this;
    }

    public Builder cancelCalled(boolean value) {
      cancelCalled = value;
      return this;
    }

    public Builder failures(int value) {
      failures = value;
      return this;
    }

    public Builder ttlHeld(boolean value) {
      ttlHeld = value;
      return this;
    }

    public Builder definitionGone(boolean value) {
      definitionGone = value;
      return this;
    }

    public Builder connectionGone(boolean value) {
      connectionGone = value;
      return this;
    }

    public Snapshot build() {
      return new Snapshot(
          spec,
          COPIER.convertValue(status, DliJobStatus.class),
          deleting,
          createdAt,
          now,
          observed,
          cancelCalled,
          failures,
          ttlHeld,
          definitionGone,
          connectionGone);
    }
  }
}
