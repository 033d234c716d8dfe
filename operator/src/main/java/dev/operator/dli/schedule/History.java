package dev.operator.dli.schedule;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Which ended runs go: the newest successfulJobsHistoryLimit Succeeded runs and the newest
 * failedJobsHistoryLimit Failed or Cancelled ones stay. Runs that have not ended always stay.
 */
public final class History {
  private History() {}

  public static List<DliJob> toDelete(List<DliJob> runs, int keepSucceeded, int keepFailed) {
    return Stream.concat(
            beyond(runs, phase -> phase == Phase.Succeeded, keepSucceeded),
            beyond(runs, phase -> phase == Phase.Failed || phase == Phase.Cancelled, keepFailed))
        .toList();
  }

  private static Stream<DliJob> beyond(List<DliJob> runs, Predicate<Phase> ended, int keep) {
    return runs.stream()
        .filter(run -> run.getMetadata().getDeletionTimestamp() == null)
        .filter(run -> ended.test(Runs.phase(run)))
        .sorted(Comparator.comparing(Runs::scheduledAt).reversed())
        .skip(keep);
  }
}
