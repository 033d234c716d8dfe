package dev.operator.dli.reconciler;

import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ConnectionRef;
import dev.operator.dli.api.Phase;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection Secret a DliJob uses is protected as Kubernetes protects a volume claim in use: it
 * stays readable until the job is released. So a team that deletes its namespace while its DliJobs
 * run (kube-controller-manager's namespace controller deletes everything in it at once, the Secret
 * too) sees the namespace go within a minute, and no DLI job runs on.
 */
class SecretInUseIT {
  private static final int JOBS = 10;
  private static final String IN_USE = "dli.operator.dev/in-use";
  private static final Duration GONE_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension static final OperatorUnderTest operator = new OperatorUnderTest();

  @Test
  void theSecretInUseIsProtectedUntilItsJobIsReleasedAndOthersAreLeftAlone() {
    Scenario scenario = Scenario.inNewNamespace(operator, "protect");
    String namespace = scenario.namespace();
    var client = operator.client();
    client
        .resource(TestSettings.simulatorSecret(operator.simulator(), namespace, "creds"))
        .create();
    client
        .resource(TestSettings.simulatorSecret(operator.simulator(), namespace, "unrelated"))
        .create();
    scenario.create(
        "long", "select 1 /* sim: run 10m */", spec -> spec.setConnection(secret("creds")));
    String jobId =
        scenario.waitFor("long", job -> phase(job, Phase.Running)).getStatus().getJobId();
    var creds = client.secrets().inNamespace(namespace).withName("creds");
    Wait.until("creds marked in use", () -> creds.get().hasFinalizer(IN_USE));
    assertThat(client.secrets().inNamespace(namespace).withName("unrelated").get().getFinalizers())
        .as("a Secret no DliJob names is not touched")
        .doesNotContain(IN_USE);

    creds.delete();
    Wait.until("creds being deleted", () -> creds.get().isMarkedForDeletion());
    scenario.delete("long");
    scenario.waitGone("long");
    assertThat(scenario.sim().sqlJobStatus(jobId))
        .as("cancelled with the credentials of the Secret being deleted")
        .isEqualTo("CANCELLED");
    Wait.until("creds gone once its last job is released", () -> creds.get() == null);
  }

  @Test
  void aNamespaceDeletedWithRunningJobsOnItsOwnSecretGoesAndEveryJobIsCancelled() {
    Scenario scenario = Scenario.inNewNamespace(operator, "team");
    String namespace = scenario.namespace();
    operator
        .client()
        .resource(TestSettings.simulatorSecret(operator.simulator(), namespace, "creds"))
        .create();
    List<String> names = IntStream.range(0, JOBS).mapToObj(i -> "run-" + i).toList();
    names.forEach(
        name ->
            scenario.create(
                name, "select 1 /* sim: run 10m */", spec -> spec.setConnection(secret("creds"))));
    List<String> jobIds =
        names.stream()
            .map(name -> scenario.waitFor(name, job -> phase(job, Phase.Running)))
            .map(job -> job.getStatus().getJobId())
            .toList();

    operator.client().namespaces().withName(namespace).delete();

    Wait.until(
        "namespace " + namespace + " gone",
        GONE_WITHIN,
        () -> operator.client().namespaces().withName(namespace).get() == null);
    assertThat(jobIds)
        .allSatisfy(id -> assertThat(scenario.sim().sqlJobStatus(id)).isEqualTo("CANCELLED"));
  }

  private static ConnectionRef secret(String name) {
    ConnectionRef ref = new ConnectionRef();
    ref.setSecretName(name);
    return ref;
  }
}
