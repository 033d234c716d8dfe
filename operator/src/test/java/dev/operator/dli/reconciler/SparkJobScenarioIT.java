package dev.operator.dli.reconciler;

import static dev.operator.dli.testing.Scenario.condition;
import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.CancelOutcome;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spark batches through the operator, on the real API server with the simulator behind it. */
class SparkJobScenarioIT {
  @RegisterExtension static final OperatorUnderTest operator = new OperatorUnderTest();

  private Scenario scenario;

  @BeforeEach
  void namespace() {
    scenario = Scenario.inNewNamespace(operator, "spark");
  }

  private DliJob createSpark(String name, String directive) {
    return scenario.create(name, DliJobFixture.spark(directive));
  }

  @Test
  void runsAndCancelsASparkBatch() {
    createSpark("spark", "/* sim: run 10m */");
    DliJob running = scenario.waitFor("spark", job -> phase(job, Phase.Running));
    assertThat(running.getStatus().getJobType()).isEqualTo("SPARK");
    scenario.cancel("spark");
    DliJob cancelled = scenario.waitFor("spark", job -> phase(job, Phase.Cancelled));
    assertThat(cancelled.getStatus().getDliStatus()).isEqualTo("dead");
    assertThat(cancelled.getStatus().getCancellation().getOutcome())
        .isEqualTo(CancelOutcome.Cancelled);
    assertThat(
            scenario
                .sim()
                .journal()
                .count(
                    "DELETE",
                    "/v2.0/"
                        + scenario.sim().config().projectId()
                        + "/batches/"
                        + running.getStatus().getJobId()))
        .isEqualTo(1);
    assertThat(cancelled.getStatus().getCancellation().getMessage())
        .as("DLI's {\"msg\": \"deleted\"}")
        .isEqualTo("deleted");
    assertThat(cancelled.getStatus().getCancellation().getIsSuccess())
        .as("a batch's answer has no is_success")
        .isNull();
  }

  @Test
  void aSparkBatchThatSucceedsAndOneThatFails() {
    createSpark("spark-ok", "/* sim: run 300ms */");
    createSpark("spark-fails", "/* sim: fail after 300ms */");
    assertThat(
            scenario
                .waitFor("spark-ok", job -> phase(job, Phase.Succeeded))
                .getStatus()
                .getDliStatus())
        .isEqualTo("success");
    DliJob failed = scenario.waitFor("spark-fails", job -> phase(job, Phase.Failed));
    assertThat(condition(failed, "Stalled").getStatus()).isEqualTo("True");
  }

  @Test
  void aCrashAfterASparkSubmitNeverSubmitsTwice() {
    long before =
        scenario.sim().journal().entries().stream()
            .filter(e -> e.method().equals("POST") && e.path().endsWith("/batches"))
            .count();
    operator.onNextSubmit(
        () -> {
          throw new IllegalStateException("simulated crash after the submit call");
        });
    createSpark("spark-crash", "/* sim: run 500ms */");
    DliJob done = scenario.waitFor("spark-crash", job -> phase(job, Phase.Succeeded));
    long after =
        scenario.sim().journal().entries().stream()
            .filter(e -> e.method().equals("POST") && e.path().endsWith("/batches"))
            .count();
    assertThat(after - before).as("one batch created").isEqualTo(1);
    assertThat(done.getStatus().getJobId()).isNotNull();
    scenario.expectEvent(
        "spark-crash", e -> e.getMessage().contains("submitted before the operator stopped"));
  }
}
