package dev.operator.dli.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.api.DliCronJob;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.runtime.DliOperator;
import dev.operator.dli.runtime.OperatorConfig;
import dev.operator.dli.schedule.RunNames;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import dev.operator.dli.testing.Cli;
import dev.operator.dli.testing.ControlPlane;
import dev.operator.dli.testing.CronJobFixture;
import dev.operator.dli.testing.DliJobFixture;
import dev.operator.dli.testing.TestSettings;
import dev.operator.dli.testing.Wait;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, linted and installed with the real helm, on the real API server, RBAC and Pod
 * Security.
 */
class HelmChartIT {
  private static final String GROUP = "dli.operator.dev";
  private static final Path CHART = Path.of("../helm/dli-operator").toAbsolutePath().normalize();

  @RegisterExtension static final ControlPlane controlPlane = new ControlPlane();

  @TempDir static Path home;

  private static Cli cli;

  @BeforeAll
  static void setUp() throws IOException {
    cli = new Cli(controlPlane, home);
    // The Prometheus Operator's ServiceMonitor kind, just enough for a server-side dry-run of the
    // chart's.
    cli.kubectl(
            """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: servicemonitors.monitoring.coreos.com}
        spec:
          group: monitoring.coreos.com
          names: {kind: ServiceMonitor, plural: servicemonitors}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """,
            "apply",
            "-f",
            "-")
        .ok();
  }

  static Stream<String> valuesFiles() throws IOException {
    try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
      return Stream.concat(Stream.of(""), files.map(Path::toString).sorted().toList().stream());
    }
  }

  private static String[] withValues(String valuesFile, String... args) {
    return valuesFile.isEmpty()
        ? args
        : Stream.concat(Stream.of(args), Stream.of("-f", valuesFile)).toArray(String[]::new);
  }

  @ParameterizedTest(name = "lint --strict {0}")
  @MethodSource("valuesFiles")
  void lintsStrictly(String valuesFile) {
    cli.helm(withValues(valuesFile, "lint", "--strict", CHART.toString())).ok();
  }

  @Test
  void badValuesFailLintAndInstallWithAClearMessage() throws IOException {
    Path bad = home.resolve("bad-values.yaml");
    Files.writeString(
        bad, "replicas: 0\noperator:\n  sweepInterval: soon\nwatchNamespaces: [Not_A_Namespace]\n");
    Cli.Result lint = cli.helm("lint", "--strict", CHART.toString(), "-f", bad.toString());
    assertThat(lint.exitCode()).isNotZero();
    assertThat(lint.stdout() + lint.stderr())
        .contains("/replicas")
        .contains("/operator/sweepInterval")
        .contains("/watchNamespaces/0");
    Cli.Result install =
        cli.helm("install", "bad", CHART.toString(), "-n", "default", "-f", bad.toString());
    assertThat(install.exitCode()).isNotZero();
    assertThat(install.stderr()).contains("values don't meet the specifications of the schema");
  }

  @ParameterizedTest(name = "server-side dry-run of helm template {0}")
  @MethodSource("valuesFiles")
  void everyRenderedObjectIsValid(String valuesFile) {
    for (String ns : List.of("dli-system", "team-a", "team-b")) {
      cli.kubectl(
              "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + "}\n", "apply", "-f", "-")
          .ok();
    }
    String rendered =
        cli.helm(
                withValues(
                    valuesFile,
                    "template",
                    "dli",
                    CHART.toString(),
                    "-n",
                    "dli-system",
                    "--include-crds"))
            .ok()
            .stdout();
    Cli.Result dryRun = cli.kubectl(rendered, "apply", "--dry-run=server", "-f", "-").ok();
    assertThat(dryRun.stdout())
        .contains("deployment.apps/dli-dli-operator created (server dry run)");
  }

  @Test
  void rbacAndLeaderElectionFollowTheValues() {
    String all = cli.helm("template", "dli", CHART.toString(), "-n", "dli-system").ok().stdout();
    assertThat(all)
        .contains("kind: ClusterRole\n")
        .contains("rbac.authorization.k8s.io/aggregate-to-edit: \"true\"")
        .contains("rbac.authorization.k8s.io/aggregate-to-view: \"true\"")
        .contains(
            "kind: Role\nmetadata:\n  name: dli-dli-operator-credentials\n  namespace: dli-system")
        .doesNotContain("kind: RoleBinding\nmetadata:\n  name: dli-dli-operator-secrets")
        .doesNotContain("DLI_DEFAULT_CONNECTION")
        .doesNotContain("leases")
        .doesNotContain("kind: PodDisruptionBudget")
        .contains("name: LEADER_ELECTION\n              value: \"false\"");
    String scoped =
        cli.helm(
                "template",
                "dli",
                CHART.toString(),
                "-n",
                "dli-system",
                "-f",
                CHART.resolve("ci/watch-namespaces-values.yaml").toString())
            .ok()
            .stdout();
    assertThat(scoped)
        .doesNotContain("aggregate-to-edit")
        .contains("resourceNames: [\"team-a\",\"team-b\"]")
        .contains("namespace: team-a")
        .contains("namespace: team-b")
        .contains("dli-dli-operator-credentials")
        .contains("value: \"team-a,team-b\"")
        .contains("value: \"dli-system/dli-credentials\"");
    String shared =
        cli.helm(
                "template",
                "dli",
                CHART.toString(),
                "-n",
                "dli-system",
                "-f",
                CHART.resolve("ci/shared-cluster-values.yaml").toString())
            .ok()
            .stdout();
    assertThat(shared)
        .contains("name: DLI_DEFAULT_CONNECTION\n              value: \"analytics-prod\"")
        .contains("name: dli-dli-operator-secrets\n  namespace: team-a")
        .contains("name: dli-dli-operator-secrets\n  namespace: team-b");
    assertThat(clusterRoleBindingsGrantingSecrets(shared)).isEmpty();
    String clusterWide =
        cli.helm(
                "template",
                "dli",
                CHART.toString(),
                "-n",
                "dli-system",
                "--set",
                "secretAccess.clusterWide=true")
            .ok()
            .stdout();
    assertThat(clusterRoleBindingsGrantingSecrets(clusterWide))
        .as("the opt-in, and a positive control of the checkov-like rule")
        .containsExactly("dli-dli-operator-secrets");
    String ha =
        cli.helm("template", "dli", CHART.toString(), "-n", "dli-system", "--set", "replicas=2")
            .ok()
            .stdout();
    assertThat(ha)
        .contains("kind: PodDisruptionBudget")
        .contains("resources: [\"leases\"]")
        .contains("name: LEADER_ELECTION\n              value: \"true\"");
  }

  @Test
  void alertsAndDashboardAreOffByDefaultAndRenderWhenAskedFor() throws IOException {
    String defaults =
        cli.helm("template", "dli", CHART.toString(), "-n", "dli-system").ok().stdout();
    assertThat(defaults).doesNotContain("kind: PrometheusRule").doesNotContain("grafana_dashboard");
    String extras =
        cli.helm(
                "template",
                "dli",
                CHART.toString(),
                "-n",
                "dli-system",
                "--set",
                "metrics.prometheusRule.enabled=true",
                "--set",
                "metrics.grafanaDashboard.enabled=true",
                "--set",
                "metrics.grafanaDashboard.namespace=monitoring",
                "--show-only",
                "templates/dashboard.yaml",
                "--show-only",
                "templates/prometheusrule.yaml")
            .ok()
            .stdout();
    assertThat(extras)
        .contains("kind: PrometheusRule")
        .contains("alert: DliOperatorDown")
        .contains("grafana_dashboard: \"1\"")
        .contains("namespace: monitoring");
    ConfigMap dashboard =
        Serialization.unmarshal(
            cli.helm(
                    "template",
                    "dli",
                    CHART.toString(),
                    "-n",
                    "dli-system",
                    "--set",
                    "metrics.grafanaDashboard.enabled=true",
                    "--show-only",
                    "templates/dashboard.yaml")
                .ok()
                .stdout(),
            ConfigMap.class);
    assertThat(
            Serialization.jsonMapper()
                .readTree(dashboard.getData().get("dli-operator.json"))
                .get("panels"))
        .isNotEmpty();
  }

  /**
   * The user roles join Kubernetes' own edit and view roles through kube-controller-manager's
   * aggregation: a namespace's editors may run DLI jobs there, its viewers only read them.
   */
  @Test
  void theUserRolesJoinEditAndViewThroughTheAggregation() {
    String roles =
        cli.helm(
                "template",
                "dli",
                CHART.toString(),
                "-n",
                "dli-system",
                "--show-only",
                "templates/user-roles.yaml")
            .ok()
            .stdout();
    cli.kubectl(roles, "apply", "-f", "-").ok();
    KubernetesClient admin = controlPlane.admin();
    String namespace = "user-roles";
    admin
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    bind(admin, namespace, "editor", "edit");
    bind(admin, namespace, "viewer", "view");
    Wait.until(
        "edit aggregates the DliJob rules",
        Duration.ofSeconds(30),
        () -> allowed(admin, "editor", namespace, "create", "dlijobs"));
    Wait.until(
        "view aggregates the DliJob rules",
        Duration.ofSeconds(30),
        () -> allowed(admin, "viewer", namespace, "list", "dlicronjobs"));
    assertThat(allowed(admin, "editor", namespace, "delete", "dlicronjobs")).isTrue();
    assertThat(allowed(admin, "viewer", namespace, "create", "dlijobs")).isFalse();
    assertThat(allowed(admin, "viewer", namespace, "patch", "dlicronjobs")).isFalse();
    assertThat(allowed(admin, "editor", "elsewhere", "create", "dlijobs")).isFalse();
  }

  @Test
  void theDefaultInstallReadsSecretsOnlyWhereItIsGranted() {
    String release = "dli-system";
    String team = "team-s";
    KubernetesClient admin = controlPlane.admin();
    for (String namespace : List.of(release, team, "random")) {
      admin
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
    String rbac =
        cli.helm(
                "template",
                "sar",
                CHART.toString(),
                "-n",
                release,
                "--set",
                "secretAccess.namespaces={" + team + "}",
                "--show-only",
                "templates/rbac.yaml",
                "--show-only",
                "templates/user-roles.yaml")
            .ok()
            .stdout();
    assertThat(clusterRoleBindingsGrantingSecrets(rbac))
        .as("no ClusterRoleBinding grants Secrets by default")
        .isEmpty();
    cli.kubectl(rbac, "apply", "-f", "-").ok();
    String operator = "system:serviceaccount:" + release + ":sar-dli-operator";
    Wait.until(
        "the operator may read Secrets in the release namespace",
        Duration.ofSeconds(30),
        () -> allowed(admin, operator, release, "", "watch", "secrets"));
    assertThat(allowed(admin, operator, release, "", "get", "secrets")).isTrue();
    assertThat(allowed(admin, operator, release, "", "patch", "secrets")).isTrue();
    assertThat(allowed(admin, operator, team, "", "get", "secrets"))
        .as("bound in secretAccess.namespaces")
        .isTrue();
    assertThat(allowed(admin, operator, "", "", "list", "secrets")).as("cluster-wide").isFalse();
    assertThat(allowed(admin, operator, "random", "", "list", "secrets")).isFalse();
    assertThat(allowed(admin, operator, "random", "", "get", "secrets")).isFalse();
    assertThat(allowed(admin, operator, "", "", "watch", "namespaces")).isTrue();
    assertThat(allowed(admin, operator, "", GROUP, "watch", "clusterdliconnections")).isTrue();
    assertThat(allowed(admin, operator, "random", GROUP, "patch", "dliconnections")).isTrue();

    bind(admin, "random", operator, "sar-dli-operator-secrets");
    Wait.until(
        "a team's own RoleBinding of -secrets lets the operator read its Secrets",
        Duration.ofSeconds(30),
        () -> allowed(admin, operator, "random", "", "get", "secrets"));

    bind(admin, team, "conn-editor", "edit");
    bind(admin, team, "conn-viewer", "view");
    Wait.until(
        "edit aggregates the DliConnection rules",
        Duration.ofSeconds(30),
        () -> allowed(admin, "conn-editor", team, GROUP, "create", "dliconnections"));
    Wait.until(
        "view aggregates the DliConnection rules",
        Duration.ofSeconds(30),
        () -> allowed(admin, "conn-viewer", team, GROUP, "list", "dliconnections"));
    assertThat(allowed(admin, "conn-viewer", team, GROUP, "create", "dliconnections")).isFalse();
    assertThat(allowed(admin, "conn-editor", "", GROUP, "create", "clusterdliconnections"))
        .as("ClusterDliConnections are for cluster admins")
        .isFalse();
    assertThat(allowed(admin, "conn-editor", team, GROUP, "get", "clusterdliconnections"))
        .isFalse();
    admin
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("platform")
                .endMetadata()
                .withNewRoleRef(
                    "rbac.authorization.k8s.io",
                    "ClusterRole",
                    "sar-dli-operator-cluster-connections")
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName("platform")
                .endSubject()
                .build())
        .serverSideApply();
    Wait.until(
        "<fullname>-cluster-connections, bound, lets a platform team keep ClusterDliConnections",
        Duration.ofSeconds(30),
        () -> allowed(admin, "platform", "", GROUP, "create", "clusterdliconnections"));
  }

  /** A checkov-like rule: the ClusterRoleBindings whose ClusterRole grants Secrets. */
  private static List<String> clusterRoleBindingsGrantingSecrets(String manifests) {
    List<GenericKubernetesResource> docs =
        Stream.of(manifests.split("(?m)^---\\s*$"))
            .filter(doc -> doc.contains("kind:"))
            .map(doc -> Serialization.unmarshal(doc, GenericKubernetesResource.class))
            .toList();
    Set<String> secretRoles =
        docs.stream()
            .filter(doc -> "ClusterRole".equals(doc.getKind()))
            .filter(doc -> String.valueOf(doc.<Object>get("rules")).contains("secrets"))
            .map(doc -> doc.getMetadata().getName())
            .collect(Collectors.toSet());
    return docs.stream()
        .filter(doc -> "ClusterRoleBinding".equals(doc.getKind()))
        .filter(doc -> secretRoles.contains(String.valueOf(doc.<Object>get("roleRef", "name"))))
        .map(doc -> doc.getMetadata().getName())
        .toList();
  }

  private static void bind(KubernetesClient admin, String namespace, String user, String role) {
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(user)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .serverSideApply();
  }

  private static boolean allowed(
      KubernetesClient admin, String user, String namespace, String verb, String resource) {
    return allowed(admin, user, namespace, GROUP, verb, resource);
  }

  private static boolean allowed(
      KubernetesClient admin,
      String user,
      String namespace,
      String group,
      String verb,
      String resource) {
    return allowed(admin, user, namespace, group, verb, resource, null);
  }

  /** May the user do this to the object of that name (null: to any)? */
  private static boolean allowed(
      KubernetesClient admin,
      String user,
      String namespace,
      String group,
      String verb,
      String resource,
      String name) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withNewResourceAttributes()
            .withGroup(group)
            .withResource(resource)
            .withVerb(verb)
            .withNamespace(namespace)
            .withName(name)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.resource(review).create().getStatus().getAllowed();
  }

  @Test
  void thePodTemplateIsAdmittedUnderTheRestrictedPodSecurityStandard() {
    KubernetesClient admin = controlPlane.admin();
    admin
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("restricted")
                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted"))
                .endMetadata()
                .build())
        .serverSideApply();
    String rendered =
        cli.helm(
                "template",
                "dli",
                CHART.toString(),
                "-n",
                "restricted",
                "--show-only",
                "templates/deployment.yaml")
            .ok()
            .stdout();
    Deployment deployment = Serialization.unmarshal(rendered, Deployment.class);
    Pod pod =
        new PodBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName("operator-pod")
                    .withNamespace("restricted")
                    .build())
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .build();
    pod.getSpec().setServiceAccountName(null); // the ServiceAccount is not what this test is about
    assertThat(admin.resource(pod).create().getMetadata().getUid()).isNotNull();

    Pod weakened =
        new PodBuilder(pod).editMetadata().withName("weakened-pod").endMetadata().build();
    weakened
        .getSpec()
        .getContainers()
        .get(0)
        .getSecurityContext()
        .setAllowPrivilegeEscalation(true);
    assertThatThrownBy(() -> admin.resource(weakened).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("violates PodSecurity \"restricted:latest\"")
                    .contains("allowPrivilegeEscalation"));
  }

  @Test
  void installsRunsTheOperatorWithItsOwnIdentityAndUninstalls() throws Exception {
    String ns = "dli-operator";
    cli.helm(
            "install",
            "dli",
            CHART.toString(),
            "-n",
            ns,
            "--create-namespace",
            "--set",
            "defaultConnection.secretName=dli-credentials")
        .ok();
    KubernetesClient admin = controlPlane.admin();
    assertThat(admin.apps().deployments().inNamespace(ns).withName("dli-dli-operator").get())
        .isNotNull();
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("dlijobs.dli.operator.dev")
                .get())
        .as("helm installs the CRD from crds/")
        .isNotNull();
    controlPlane.awaitEstablished("dlijobs.dli.operator.dev");
    controlPlane.awaitEstablished("dlicronjobs.dli.operator.dev");

    try (DliSimulator simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofSeconds(600), Duration.ofMillis(200)))) {
      admin.resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials")).create();
      String jobs = controlPlane.newNamespace("jobs");
      try (KubernetesClient asOperator = serviceAccountClient(ns, "dli-dli-operator");
          DliOperator operator = operatorAs(asOperator, ns, Set.of()).start()) {
        driveThroughCancelAndDelete(operator, jobs);
      }

      // Negative control: without the Secrets rule of the release namespace, the same identity
      // cannot read the connection Secret, and its DliJobs say so and what to grant.
      cli.kubectl(
              null,
              "patch",
              "role",
              "dli-dli-operator-credentials",
              "-n",
              ns,
              "--type",
              "json",
              "-p",
              "[{\"op\": \"remove\", \"path\": \"/rules/0\"}]")
          .ok();
      try (KubernetesClient asOperator = serviceAccountClient(ns, "dli-dli-operator");
          DliOperator operator = operatorAs(asOperator, ns, Set.of()).start()) {
        Wait.until("the operator is ready", operator::ready);
        admin
            .resource(DliJobFixture.sql("select 1").named(jobs, "no-secret-access").build())
            .create();
        DliJob stalled =
            admin
                .resources(DliJob.class)
                .inNamespace(jobs)
                .withName("no-secret-access")
                .waitUntilCondition(
                    j ->
                        j.getStatus() != null
                            && j.getStatus().getMessage() != null
                            && j.getStatus().getMessage().contains("may not read Secret"),
                    60,
                    TimeUnit.SECONDS);
        assertThat(stalled.getStatus().getMessage())
            .contains(ns + "/dli-credentials")
            .contains("grant it get, list, watch");
        assertThat(stalled.getStatus().getJobId()).as("no DLI call").isNull();

        // Granting the access heals it: the stalled DliJob is looked at again after a backoff.
        cli.kubectl(
                null,
                "patch",
                "role",
                "dli-dli-operator-credentials",
                "-n",
                ns,
                "--type",
                "json",
                "-p",
                "[{\"op\": \"add\", \"path\": \"/rules\", \"value\": [{\"apiGroups\": [\"\"],"
                    + " \"resources\": [\"secrets\"], \"verbs\": [\"get\", \"list\", \"watch\","
                    + " \"patch\"]}]}]")
            .ok();
        admin
            .resources(DliJob.class)
            .inNamespace(jobs)
            .withName("no-secret-access")
            .waitUntilCondition(
                j -> j.getStatus() != null && j.getStatus().getPhase() == Phase.Running,
                60,
                TimeUnit.SECONDS);
      }
    }

    cli.helm("uninstall", "dli", "-n", ns).ok();
    assertThat(admin.apps().deployments().inNamespace(ns).withName("dli-dli-operator").get())
        .isNull();
    assertThat(admin.rbac().clusterRoles().withName("dli-dli-operator").get()).isNull();
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("dlijobs.dli.operator.dev")
                .get())
        .as("Helm keeps CRDs on uninstall")
        .isNotNull();
  }

  @Test
  void aNamespaceScopedInstallIsEnoughForItsNamespaces() throws Exception {
    String ns = "dli-scoped";
    String jobs = "team-x";
    cli.kubectl(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + jobs + "}\n", "apply", "-f", "-")
        .ok();
    cli.helm(
            "install",
            "scoped",
            CHART.toString(),
            "-n",
            ns,
            "--create-namespace",
            "--set",
            "watchNamespaces={team-x}",
            "--set",
            "defaultConnection.secretName=dli-credentials")
        .ok();
    KubernetesClient admin = controlPlane.admin();
    assertThat(admin.rbac().clusterRoles().withName("scoped-dli-operator").get())
        .as("no ClusterRole")
        .isNull();
    String identity = "system:serviceaccount:" + ns + ":scoped-dli-operator";
    Wait.until(
        "the operator may watch a watched namespace by its name",
        Duration.ofSeconds(30),
        () -> allowed(admin, identity, "", "", "watch", "namespaces", jobs));
    assertThat(allowed(admin, identity, "", "", "list", "namespaces")).isFalse();
    assertThat(allowed(admin, identity, "", "", "get", "namespaces", "kube-system")).isFalse();
    assertThat(allowed(admin, identity, jobs, "", "watch", "secrets")).isTrue();
    assertThat(allowed(admin, identity, "default", "", "get", "secrets")).isFalse();
    controlPlane.awaitEstablished("dlijobs.dli.operator.dev");
    controlPlane.awaitEstablished("dlicronjobs.dli.operator.dev");
    try (DliSimulator simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(
                    Duration.ofMillis(100), Duration.ofSeconds(600), Duration.ofMillis(200)))) {
      admin.resource(TestSettings.simulatorSecret(simulator, ns, "dli-credentials")).create();
      try (KubernetesClient asOperator = serviceAccountClient(ns, "scoped-dli-operator");
          DliOperator operator = operatorAs(asOperator, ns, Set.of(jobs)).start()) {
        driveThroughCancelAndDelete(operator, jobs);
      }
    }
    cli.helm("uninstall", "scoped", "-n", ns).ok();
  }

  /** Submit, cancel and delete a DliJob, which needs every rule of the chart's RBAC. */
  private static void driveThroughCancelAndDelete(DliOperator operator, String namespace)
      throws InterruptedException {
    KubernetesClient admin = controlPlane.admin();
    Wait.until("the operator is ready", operator::ready);
    var resource = admin.resources(DliJob.class).inNamespace(namespace).withName("rbac-job");
    admin
        .resource(
            DliJobFixture.sql("select 1 /* sim: run 10m */").named(namespace, "rbac-job").build())
        .create();
    resource.waitUntilCondition(
        j -> j.getStatus() != null && j.getStatus().getPhase() == Phase.Running,
        60,
        TimeUnit.SECONDS);
    resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"cancel\": true}}");
    resource.waitUntilCondition(
        j -> j.getStatus().getPhase() == Phase.Cancelled, 60, TimeUnit.SECONDS);
    resource.delete();
    resource.waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
    assertThat(admin.v1().events().inNamespace(namespace).list().getItems())
        .as("Events recorded with the chart's identity")
        .anyMatch(e -> e.getReason().equals(EventReason.Cancelled.name()));
    startRunNow(admin, namespace);
  }

  /** A DliCronJob's run-now: its run created and its status written with the chart's identity. */
  private static void startRunNow(KubernetesClient admin, String namespace) {
    DliCronJob cron =
        admin
            .resource(
                CronJobFixture.daily("select 1 /* sim: run 100ms */")
                    .named(namespace, "rbac-cron")
                    .annotated(DliCronJob.RUN_NOW_ANNOTATION, "chart")
                    .build())
            .create();
    admin
        .resources(DliCronJob.class)
        .inNamespace(namespace)
        .withName("rbac-cron")
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && Long.valueOf(1).equals(c.getStatus().getObservedGeneration())
                    && "chart".equals(c.getStatus().getLastRunNow()),
            60,
            TimeUnit.SECONDS);
    assertThat(
            admin
                .resources(DliJob.class)
                .inNamespace(namespace)
                .withName(RunNames.forRunNow(cron.getMetadata().getName(), "chart"))
                .get())
        .as("the run-now's DliJob, created with the chart's identity")
        .isNotNull();
    admin.resource(cron).delete();
  }

  private static KubernetesClient serviceAccountClient(String namespace, String name) {
    return controlPlane.impersonating(
        "system:serviceaccount:" + namespace + ":" + name,
        "system:serviceaccounts",
        "system:serviceaccounts:" + namespace,
        "system:authenticated");
  }

  private static DliOperator operatorAs(
      KubernetesClient client, String namespace, Set<String> watched) {
    OperatorConfig config =
        TestSettings.fastOperator(namespace + "/dli-credentials")
            .watchNamespaces(watched)
            .concurrency(2)
            .instance("chart-test")
            .build();
    return new DliOperator(client, config, new SimpleMeterRegistry(), () -> {});
  }
}
