package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.DeletionPolicy;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.DliJobStatus;
import dev.operator.dli.api.FlinkSqlJobSpec;
import dev.operator.dli.api.Phase;
import dev.operator.dli.api.SqlJobSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DliWorkTest {
  private static final String SQL = "sql";
  private static final String FLINK = "flink";

  static Stream<Arguments> jobs() {
    return Stream.of(
        // kind, phase, job ID, deletion policy, work left
        Arguments.of(SQL, null, null, null, true), // not submitted yet: it will be
        Arguments.of(SQL, Phase.Submitting, null, null, true), // to be found by its tag
        Arguments.of(SQL, Phase.Running, "j", null, true),
        Arguments.of(SQL, Phase.Running, "j", DeletionPolicy.Orphan, true), // observed still
        Arguments.of(SQL, Phase.Cancelling, "j", null, true),
        Arguments.of(SQL, Phase.Unknown, "j", null, true),
        Arguments.of(SQL, Phase.Pending, null, null, true), // between attempts: another comes
        Arguments.of(SQL, Phase.Succeeded, "j", null, false),
        Arguments.of(SQL, Phase.Failed, "j", null, false),
        Arguments.of(SQL, Phase.Cancelled, "j", null, false),
        Arguments.of(FLINK, Phase.Running, "j", null, true),
        Arguments.of(FLINK, Phase.Cancelled, "j", null, true), // its definition goes at release
        Arguments.of(FLINK, Phase.Failed, null, null, false), // never reached DLI
        Arguments.of(FLINK, Phase.Cancelled, "j", DeletionPolicy.Orphan, false));
  }

  @ParameterizedTest(name = "{0} {1} job {2} {3}: {4}")
  @MethodSource("jobs")
  void workLeft(String kind, Phase phase, String jobId, DeletionPolicy policy, boolean left) {
    DliJobSpec spec = new DliJobSpec();
    if (kind.equals(FLINK)) {
      spec.setFlinkSql(new FlinkSqlJobSpec());
    } else {
      spec.setSql(new SqlJobSpec());
    }
    spec.setDeletionPolicy(policy);
    DliJobStatus status = new DliJobStatus();
    status.setPhase(phase);
    status.setJobId(jobId);
    assertThat(DliWork.left(spec, status)).isEqualTo(left);
  }

  @ParameterizedTest(name = "no spec, phase {0}: nothing to do")
  @MethodSource("phases")
  void aDliJobWithoutSpecHasNoWork(Phase phase) {
    DliJobStatus status = new DliJobStatus();
    status.setPhase(phase);
    assertThat(DliWork.left(null, status)).isFalse();
  }

  static Stream<Phase> phases() {
    return Stream.of(Phase.values());
  }

  @Test
  void aNewDliJobWithoutStatusHasWork() {
    DliJobSpec spec = new DliJobSpec();
    spec.setSql(new SqlJobSpec());
    assertThat(DliWork.left(spec, null)).isTrue();
  }
}
