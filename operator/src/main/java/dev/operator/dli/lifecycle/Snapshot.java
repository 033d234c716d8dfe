package dev.operator.dli.lifecycle;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import java.time.Instant;

/**
 * Everything a decision depends on.
 *
 * @param observed whether DLI's latest word on the job was taken in this pass already
 * @param cancelCalled whether a cancel call's answer was taken in this pass already
 * @param failures how many calls in a row failed to reach DLI (for the error backoff)
 * @param ttlHeld whether ttlSecondsAfterFinished must not delete the resource ({@link TtlGuard})
 * @param definitionGone whether the Flink job's definition was deleted in DLI in this pass
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
    boolean definitionGone) {}
