package dev.operator.dli.lifecycle;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import java.time.Instant;

/**
 * Everything a decision depends on.
 *
 * @param observed whether DLI was asked about the job in this pass already
 * @param cancelCalled whether a cancel call was made in this pass already
 * @param unchangedPolls how many polls in a row saw nothing change (for the poll backoff)
 * @param failures how many passes in a row failed to reach DLI (for the error backoff)
 */
public record Snapshot(
    DliJobSpec spec,
    DliJobStatus status,
    boolean deleting,
    Instant createdAt,
    Instant now,
    boolean observed,
    boolean cancelCalled,
    int unchangedPolls,
    int failures) {}
