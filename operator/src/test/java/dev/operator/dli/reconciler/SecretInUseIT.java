package dev.operator.dli.reconciler;

import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.Phase;
import dev.operator.dli.api.SecretConnectionRef;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator reads only the Secrets that DliJobs name, and protects the one a DliJob still needs
 * to call DLI as Kubernetes protects a volume claim in use: it stays readable until the job lets
 * go. So a team that deletes its namespace while its DliJobs run (kube-controller-manager's
 * namespace controller deletes everything in it at once, the Secret too) sees the namespace go
 * within a minute, and no DLI job runs on.
 */
class SecretInUseIT {
  private static final int JOBS = 10;
  private static final String IN_USE = "dli.operator.dev/in-use";
  private static final Duration GONE_WITHIN = Duration.ofSeconds(60);
  private static final String LONG = "select 1 /* sim: run 10m */";

  @RegisterExtension static final OperatorUnderTest operator = new OperatorUnderTest();

  @Test
  void onlyTheNamedSecretIsWatchedAndItsChangesWakeOnlyItsHolders() {
    Scenario scenario = Scenario.inNewNamespace(operator, "watch");
    String namespace = scenario.namespace();
    double watchedBefore = watched();
    secret(namespace, "creds").create();
    Resource<Secret> unrelated = secret(namespace, "unrelated");
    unrelated.create();
    scenario.create("a", LONG, spec -> spec.setConnection(ref("creds")));
    scenario.create("b", LONG, spec -> spec.setConnection(ref("creds")));
    scenario.waitFor("a", job -> phase(job, Phase.Running));
    scenario.waitFor("b", job -> phase(job, Phase.Running));
    var creds = operator.client().secrets().inNamespace(namespace).withName("creds");
    Wait.until("creds marked in use", () -> creds.get().hasFinalizer(IN_USE));
    assertThat(watched()).as("one watch for the one named Secret").isEqualTo(watchedBefore + 1);

    double wakeUpsBefore = wakeUps();
    unrelated.edit(s -> withNote(s, "changed"));
    unrelated.delete();
    creds.edit(s -> withNote(s, "changed"));
    Wait.until("a and b woken", () -> wakeUps() >= wakeUpsBefore + 2);
    assertThat(wakeUps()).as("exactly the two holders of creds").isEqualTo(wakeUpsBefore + 2);
    assertThat(watched()).isEqualTo(watchedBefore + 1);
    for (String name : List.of("a", "b")) {
      String uid = scenario.get(name).getMetadata().getUid();
      assertThat(scenario.sim().sqlJobsTagged("dli-operator-uid", uid))
          .as("the connection rebuilt, %s not submitted again", name)
          .hasSize(1);
    }
  }

  @Test
  void theFinalizerGoesWhenTheJobCallsDliNoMore() {
    Scenario scenario = Scenario.inNewNamespace(operator, "ends");
    String namespace = scenario.namespace();
    var creds = secret(namespace, "creds");
    creds.create();
    scenario.create(
        "short", "select 1 /* sim: run 3s */", spec -> spec.setConnection(ref("creds")));
    scenario.create("long", LONG, spec -> spec.setConnection(ref("creds")));
    Wait.until("creds marked in use", () -> creds.get().hasFinalizer(IN_USE));

    scenario.waitFor("short", job -> phase(job, Phase.Succeeded));
    scenario.delete("long");
    scenario.waitGone("long");
    Wait.until("creds no longer in use", () -> !creds.get().hasFinalizer(IN_USE));
    assertThat(scenario.get("short")).as("a finished DliJob keeps no Secret").isNotNull();
    assertThat(creds.get().isMarkedForDeletion()).isFalse();
  }

  @Test
  void aSecretDeletedWhileItsJobRunsStaysUntilTheJobsCancelIsDone() {
    Scenario scenario = Scenario.inNewNamespace(operator, "protect");
    String namespace = scenario.namespace();
    var creds = secret(namespace, "creds");
    creds.create();
    var unrelated = secret(namespace, "unrelated");
    unrelated.create();
    scenario.create("long", LONG, spec -> spec.setConnection(ref("creds")));
    String jobId =
        scenario.waitFor("long", job -> phase(job, Phase.Running)).getStatus().getJobId();
    Wait.until("creds marked in use", () -> creds.get().hasFinalizer(IN_USE));
    assertThat(unrelated.get().getFinalizers())
        .as("a Secret no DliJob names is not touched")
        .doesNotContain(IN_USE);

    creds.delete();
    Wait.until("creds being deleted", () -> creds.get().isMarkedForDeletion());
    assertThat(scenario.get("long").getStatus().getPhase()).isEqualTo(Phase.Running);
    scenario.delete("long");
    scenario.waitGone("long");
    assertThat(scenario.sim().sqlJobStatus(jobId))
        .as("cancelled with the credentials of the Secret being deleted")
        .isEqualTo("CANCELLED");
    Wait.until("creds gone once its last job is released", () -> creds.get() == null);
  }

  @Test
  void afterARestartTheFinalizerStaysWhileAJobStillUsesTheSecret() {
    Scenario scenario = Scenario.inNewNamespace(operator, "restart");
    String namespace = scenario.namespace();
    var creds = secret(namespace, "creds");
    creds.create();
    scenario.create("first", LONG, spec -> spec.setConnection(ref("creds")));
    scenario.create("second", LONG, spec -> spec.setConnection(ref("creds")));
    scenario.waitFor("first", job -> phase(job, Phase.Running));
    scenario.waitFor("second", job -> phase(job, Phase.Running));
    Wait.until("creds marked in use", () -> creds.get().hasFinalizer(IN_USE));

    operator.stopOperator();
    operator.startOperator();
    scenario.delete("first");
    scenario.waitGone("first");
    assertThat(creds.get().hasFinalizer(IN_USE)).as("second still runs on it").isTrue();
    scenario.delete("second");
    scenario.waitGone("second");
    Wait.until("creds no longer in use", () -> !creds.get().hasFinalizer(IN_USE));
  }

  @Test
  void aNamespaceDeletedWithRunningJobsOnItsOwnSecretGoesAndEveryJobIsCancelled() {
    Scenario scenario = Scenario.inNewNamespace(operator, "team");
    String namespace = scenario.namespace();
    secret(namespace, "creds").create();
    List<String> jobIds =
        scenario.running(
            IntStream.range(0, JOBS).mapToObj(i -> "run-" + i).toList(),
            LONG,
            spec -> spec.setConnection(ref("creds")));

    scenario.deleteNamespace(GONE_WITHIN);
    assertThat(jobIds)
        .allSatisfy(id -> assertThat(scenario.sim().sqlJobStatus(id)).isEqualTo("CANCELLED"));
  }

  /** A connection Secret to the simulator, not created yet. */
  private static Resource<Secret> secret(String namespace, String name) {
    return operator
        .client()
        .resource(TestSettings.simulatorSecret(operator.simulator(), namespace, name));
  }

  private static Secret withNote(Secret secret, String note) {
    secret
        .getData()
        .put("note", Base64.getEncoder().encodeToString(note.getBytes(StandardCharsets.UTF_8)));
    return secret;
  }

  private static double watched() {
    return operator.metrics().get("dli.secrets.watched").gauge().value();
  }

  private static double wakeUps() {
    return operator.metrics().get("dli.secret.wakeups").counter().count();
  }

  private static SecretConnectionRef ref(String name) {
    SecretConnectionRef ref = new SecretConnectionRef();
    ref.setSecretName(name);
    return ref;
  }
}
