package dev.operator.dli.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.Tag;
import dev.operator.dli.testing.DliJobFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each attempt's DLI job is its own: tagged (SQL) or named (Spark) with the attempt, and a lookup
 * takes only that attempt's job; attempt 1 is what an operator before retries submitted.
 */
class CorrelationTest {
  private static final String UID = "7d0c4f8e-1b2a-4c3d-9e8f-0a1b2c3d4e5f";

  private static SqlJob tagged(List<Tag> tags) {
    return new SqlJob(
        true, "", "job", "QUERY", "async", "default", null, 1L, null, null, "RUNNING", null, null,
        tags);
  }

  @Test
  void everyAttemptCarriesTheUidAndItsNumber() {
    assertThat(Correlation.tags(Map.of("team", "data"), UID, 2))
        .containsExactly(
            new Tag("team", "data"),
            new Tag(Correlation.TAG, UID),
            new Tag("dli-operator-attempt", "2"));
  }

  @Test
  void aLookupTakesOnlyItsAttemptsSqlJob() {
    SqlJob first = tagged(Correlation.tags(null, UID, 1));
    SqlJob second = tagged(Correlation.tags(null, UID, 2));
    SqlJob beforeRetries = tagged(Correlation.tags(null, UID));
    SqlJob someoneElses = tagged(Correlation.tags(null, "other-uid", 2));

    assertThat(Correlation.isAttempt(first, UID, 1)).isTrue();
    assertThat(Correlation.isAttempt(second, UID, 1)).isFalse();
    assertThat(Correlation.isAttempt(second, UID, 2)).isTrue();
    assertThat(Correlation.isAttempt(first, UID, 2)).isFalse();
    assertThat(Correlation.isAttempt(someoneElses, UID, 2)).isFalse();
    assertThat(Correlation.isAttempt(beforeRetries, UID, 1))
        .as("a job an operator before retries submitted is attempt 1")
        .isTrue();
    assertThat(Correlation.isAttempt(beforeRetries, UID, 2)).isFalse();
  }

  @Test
  void aSparkBatchNameCarriesTheAttemptFromTheSecondOn() {
    DliJobSpec spec = DliJobFixture.spark("x").build().getSpec();
    assertThat(Correlation.batchName(spec, "nightly", UID, 1)).isEqualTo("nightly-" + UID);
    assertThat(Correlation.batchName(spec, "nightly", UID, 2)).isEqualTo("nightly-" + UID + "-2");
    String longName = "n".repeat(200);
    assertThat(Correlation.batchName(spec, longName, UID, 12)).hasSize(128).endsWith(UID + "-12");
    assertThat(Correlation.batchName(spec, longName, UID, 1)).hasSize(128).endsWith(UID);
  }
}
