package dev.operator.dli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ConcurrencyPolicy;
import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryTest {
  private static final Instant FIRST = Instant.parse("2026-03-29T00:00:00Z");

  /**
   * @param phases the runs' phases, oldest first (one slot an hour; P = Pending, no status)
   * @param deleted the indexes of the runs to delete
   */
  @ParameterizedTest(name = "{0}, keep {1} succeeded and {2} failed: delete {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Succeeded Succeeded Succeeded Succeeded | 3 | 1 | 0",
        "Succeeded Succeeded Succeeded | 3 | 1 | ''",
        "Failed Cancelled Failed | 3 | 1 | 0 1",
        "Failed Succeeded Failed Succeeded | 1 | 1 | 0 1",
        "Succeeded Failed Running P | 0 | 0 | 0 1",
        "Running Running Cancelling Submitting | 0 | 0 | ''",
        "Succeeded Succeeded Failed | 3 | 0 | 2",
      })
  void keepsTheNewestEndedRunsOfEachKind(
      String phases, int keepSucceeded, int keepFailed, String deleted) {
    DliCronJob cron = CronFixtures.cron("@hourly", ConcurrencyPolicy.Allow);
    List<DliJob> runs = new ArrayList<>();
    String[] list = phases.split(" ");
    for (int i = 0; i < list.length; i++) {
      runs.add(
          CronFixtures.run(
              cron,
              FIRST.plusSeconds(3600L * i),
              list[i].equals("P") ? null : Phase.valueOf(list[i])));
    }
    List<DliJob> shuffled = new ArrayList<>(runs);
    Collections.reverse(shuffled);
    List<String> expected =
        deleted.isEmpty()
            ? List.of()
            : Arrays.stream(deleted.split(" "))
                .map(i -> runs.get(Integer.parseInt(i)).getMetadata().getName())
                .toList();
    assertThat(History.toDelete(shuffled, keepSucceeded, keepFailed))
        .extracting(run -> run.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
