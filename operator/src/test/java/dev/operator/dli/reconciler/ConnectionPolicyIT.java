package dev.operator.dli.reconciler;

import static dev.operator.dli.testing.Scenario.condition;
import static dev.operator.dli.testing.Scenario.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.ConnectionRef;
import dev.operator.dli.api.DliConnection;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.lifecycle.StallReason;
import dev.operator.dli.testing.OperatorUnderTest;
import dev.operator.dli.testing.Scenario;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections as resources on the real API server: a team's DliConnection serves its own namespace,
 * a ClusterDliConnection the namespaces its selector picks; a refused DliJob makes no DLI call and
 * proceeds once its namespace is selected; a connection's status says whether DLI takes its
 * credentials before any DliJob uses it; and a connection in use stays until its last DliJob is
 * released, so a namespace deleted with running DliJobs cancels all of them.
 */
class ConnectionPolicyIT {
  private static final String IN_USE = "dli.operator.dev/in-use";
  private static final String LONG = "select 1 /* sim: run 10m */";
  private static final Duration GONE_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension static final OperatorUnderTest operator = new OperatorUnderTest();

  @Test
  void aClusterConnectionServesTheNamespacesItSelectsAndALabelChangeLetsARefusedJobProceed() {
    Scenario selected = Scenario.inNewNamespace(operator, "selected");
    Scenario other = Scenario.inNewNamespace(operator, "other");
    String team = "team-" + selected.namespace();
    label(selected.namespace(), team);
    String shared = "shared-" + selected.namespace();
    credentials(OperatorUnderTest.SYSTEM_NAMESPACE, shared, key()).create();
    operator
        .client()
        .resource(
            TestSettings.clusterConnection(
                operator.simulator(),
                shared,
                OperatorUnderTest.SYSTEM_NAMESPACE,
                shared,
                Map.of("team", team)))
        .create();

    selected.create("allowed", LONG, spec -> spec.setConnectionRef(cluster(shared)));
    other.create("refused", LONG, spec -> spec.setConnectionRef(cluster(shared)));
    selected.waitFor("allowed", job -> phase(job, Phase.Running));
    other.waitFor(
        "refused",
        job -> stalled(job, StallReason.ConnectionNotAllowed, "namespace " + other.namespace()));
    assertThat(condition(other.get("refused"), "Stalled").getMessage()).contains(shared);
    assertNoDliCall(other, "refused");

    label(other.namespace(), team);
    other.waitFor("refused", job -> phase(job, Phase.Running));
    assertThat(
            operator
                .simulator()
                .sqlJobsTagged("dli-operator-uid", other.get("refused").getMetadata().getUid()))
        .hasSize(1);
  }

  @Test
  void aDliConnectionServesOnlyItsOwnNamespaceAndAMissingOneIsNotFound() {
    Scenario team = Scenario.inNewNamespace(operator, "own");
    credentials(team.namespace(), "creds", key()).create();
    createDliConnection(team.namespace());

    team.create("uses-own", LONG, spec -> spec.setConnectionRef(own("dli")));
    team.create("names-missing", LONG, spec -> spec.setConnectionRef(own("nope")));
    team.waitFor("uses-own", job -> phase(job, Phase.Running));
    team.waitFor(
        "names-missing",
        job ->
            stalled(
                job,
                StallReason.ConnectionNotFound,
                "DliConnection " + team.namespace() + "/nope"));
    assertNoDliCall(team, "names-missing");

    Wait.until(
        "the connection's status counts its job and shows its budget",
        () -> {
          DliConnection c = dliConnection(team.namespace(), "dli").get();
          return c.getStatus() != null
              && Integer.valueOf(1).equals(c.getStatus().getJobs())
              && c.getStatus().getRequestsPerSecond() != null
              && isTrue(c.getStatus().getConditions(), "Ready");
        });
  }

  @Test
  void aWrongKeyStallsTheConnectionBeforeAnyJobUsesItAndFixingTheSecretMakesItReady() {
    Scenario team = Scenario.inNewNamespace(operator, "wrongkey");
    Resource<Secret> creds = credentials(team.namespace(), "creds", "not-the-key");
    creds.create();
    Resource<DliConnection> connection = dliConnection(team.namespace(), "dli");
    createDliConnection(team.namespace());

    Wait.until(
        "Stalled with DLI's message",
        () -> {
          DliConnection c = connection.get();
          return c.getStatus() != null
              && isTrue(c.getStatus().getConditions(), "Stalled")
              && !isTrue(c.getStatus().getConditions(), "Ready");
        });
    assertThat(stalledMessage(connection.get())).containsIgnoringCase("401");

    operator
        .client()
        .secrets()
        .inNamespace(team.namespace())
        .withName("creds")
        .edit(
            s -> {
              s.setData(
                  Map.of(
                      "accessKey", base64(operator.simulator().config().accessKey()),
                      "secretKey", base64(key())));
              return s;
            });
    Wait.until(
        "Ready once the Secret is fixed",
        () -> {
          DliConnection c = connection.get();
          return isTrue(c.getStatus().getConditions(), "Ready")
              && !isTrue(c.getStatus().getConditions(), "Stalled");
        });
  }

  @Test
  void aConnectionDeletedWhileAJobUsesItStaysUntilTheJobIsReleased() {
    Scenario team = Scenario.inNewNamespace(operator, "inuse");
    Resource<Secret> creds = credentials(team.namespace(), "creds", key());
    creds.create();
    Resource<DliConnection> connection = dliConnection(team.namespace(), "dli");
    createDliConnection(team.namespace());
    team.create("long", LONG, spec -> spec.setConnectionRef(own("dli")));
    String jobId = team.waitFor("long", job -> phase(job, Phase.Running)).getStatus().getJobId();
    Wait.until(
        "connection and Secret marked in use",
        () -> connection.get().hasFinalizer(IN_USE) && creds.get().hasFinalizer(IN_USE));

    connection.delete();
    Wait.until("the connection is being deleted", () -> connection.get().isMarkedForDeletion());
    team.create("late", LONG, spec -> spec.setConnectionRef(own("dli")));
    team.waitFor(
        "late", job -> stalled(job, StallReason.ConnectionNotAllowed, "takes no new submits"));
    assertNoDliCall(team, "late");
    assertThat(team.get("long").getStatus().getPhase()).isEqualTo(Phase.Running);

    team.delete("long");
    team.waitGone("long");
    assertThat(team.sim().sqlJobStatus(jobId))
        .as("cancelled through the connection being deleted")
        .isEqualTo("CANCELLED");
    team.delete("late");
    team.waitGone("late");
    Wait.until("the connection gone once its last job is released", () -> connection.get() == null);
    Wait.until("its Secret no longer in use", () -> !creds.get().hasFinalizer(IN_USE));
  }

  @Test
  void aNamespaceDeletedWithRunningJobsOnItsDliConnectionGoesAndEveryJobIsCancelled() {
    Scenario team = Scenario.inNewNamespace(operator, "gone");
    String namespace = team.namespace();
    credentials(namespace, "creds", key()).create();
    createDliConnection(namespace);
    List<String> jobIds =
        team.running(
            IntStream.range(0, 10).mapToObj(i -> "run-" + i).toList(),
            LONG,
            spec -> spec.setConnectionRef(own("dli")));

    team.deleteNamespace(GONE_WITHIN);
    assertThat(jobIds)
        .allSatisfy(id -> assertThat(team.sim().sqlJobStatus(id)).isEqualTo("CANCELLED"));
  }

  @Test
  void aJobOnADeprecatedConnectionSecretStillRunsAndIsWarned() {
    Scenario team = Scenario.inNewNamespace(operator, "legacy");
    operator
        .client()
        .resource(TestSettings.simulatorSecret(operator.simulator(), team.namespace(), "creds"))
        .create();
    team.create(
        "old-style",
        LONG,
        spec -> {
          var ref = new dev.operator.dli.api.SecretConnectionRef();
          ref.setSecretName("creds");
          spec.setConnection(ref);
        });
    team.waitFor("old-style", job -> phase(job, Phase.Running));
    team.expectEvents("old-style", EventReason.DeprecatedConnection);
  }

  private static void label(String namespace, String team) {
    operator
        .client()
        .namespaces()
        .withName(namespace)
        .edit(
            n -> {
              n.getMetadata().getLabels().put("team", team);
              return n;
            });
  }

  private static void assertNoDliCall(Scenario scenario, String name) {
    String uid = scenario.get(name).getMetadata().getUid();
    assertThat(operator.simulator().sqlJobsTagged("dli-operator-uid", uid))
        .as("%s made no DLI call", name)
        .isEmpty();
  }

  private static boolean stalled(
      dev.operator.dli.api.DliJob job, StallReason reason, String inMessage) {
    Condition stalled =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? null
            : job.getStatus().getConditions().stream()
                .filter(c -> "Stalled".equals(c.getType()))
                .findFirst()
                .orElse(null);
    return stalled != null
        && "True".equals(stalled.getStatus())
        && reason.name().equals(stalled.getReason())
        && stalled.getMessage().contains(inMessage);
  }

  private static boolean isTrue(List<Condition> conditions, String type) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String stalledMessage(DliConnection connection) {
    return connection.getStatus().getConditions().stream()
        .filter(c -> "Stalled".equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getMessage();
  }

  private static ConnectionRef own(String name) {
    return new ConnectionRef(ConnectionKind.DliConnection, name);
  }

  private static ConnectionRef cluster(String name) {
    return new ConnectionRef(ConnectionKind.ClusterDliConnection, name);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String key() {
    return operator.simulator().config().secretKey();
  }

  private static Resource<Secret> credentials(String namespace, String name, String secretKey) {
    return operator
        .client()
        .resource(TestSettings.credentialsSecret(operator.simulator(), namespace, name, secretKey));
  }

  /** The DliConnection "dli" to the simulator, with its credentials in the Secret "creds". */
  private static void createDliConnection(String namespace) {
    operator
        .client()
        .resource(TestSettings.dliConnection(operator.simulator(), namespace, "dli", "creds"))
        .create();
  }

  private static Resource<DliConnection> dliConnection(String namespace, String name) {
    return operator.client().resources(DliConnection.class).inNamespace(namespace).withName(name);
  }
}
