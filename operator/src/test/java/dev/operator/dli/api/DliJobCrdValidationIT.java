package dev.operator.dli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD's schema and CEL rules, checked by a real API server. */
class DliJobCrdValidationIT {
  @RegisterExtension static final ControlPlane controlPlane = new ControlPlane();

  private static String namespace;

  @BeforeAll
  static void installCrd() {
    CustomResourceDefinition crd = controlPlane.installCrd();
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("dlij");
    namespace = controlPlane.newNamespace("crd-validation");
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      dliJobs() {
    return controlPlane
        .admin()
        .genericKubernetesResources(DliJob.GROUP + "/" + DliJob.VERSION, "DliJob")
        .inNamespace(namespace);
  }

  private static GenericKubernetesResource job(String name, String specYaml) {
    String yaml =
        "apiVersion: dli.operator.dev/v1alpha1\nkind: DliJob\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + specYaml.indent(2);
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource create(GenericKubernetesResource job) {
    return dliJobs().resource(job).fieldValidation(FieldValidateable.Validation.STRICT).create();
  }

  @Test
  void acceptsAMinimalSqlJobAndDefaultsTheDeletionPolicy() {
    GenericKubernetesResource created = create(job("minimal", "sql:\n  statement: select 1"));
    assertThat(((Map<?, ?>) created.getAdditionalProperties().get("spec")).get("deletionPolicy"))
        .isEqualTo("Cancel");
    assertThat(((Map<?, ?>) created.getAdditionalProperties().get("spec")).get("backoffLimit"))
        .isEqualTo(0);
  }

  @Test
  void refusesADliJobWithoutSpec() {
    GenericKubernetesResource specless =
        Serialization.unmarshal(
            "apiVersion: dli.operator.dev/v1alpha1\nkind: DliJob\nmetadata:\n  name: specless\n",
            GenericKubernetesResource.class);
    assertThatThrownBy(() -> create(specless))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("spec is required");
            });
  }

  @Test
  void acceptsAFullSqlJobAndAnAdoption() {
    create(
        job(
            "full",
            """
        connection: {secretName: dli-credentials}
        sql:
          statement: "INSERT INTO report SELECT 1"
          database: analytics
          queue: q_1
          catalog: dli
          engineType: spark
          conf: {spark.sql.shuffle.partitions: "200"}
        tags: {team: data}
        deletionPolicy: Orphan
        activeDeadlineSeconds: 3600
        ttlSecondsAfterFinished: 0
        """));
    create(job("adopt", "jobId: 8ecb0777-9c70-4529-9935-29ea0946039c"));
    create(
        job(
            "adopt-flink",
            "jobId: \"148\"\nflinkJar: {entrypoint: obs://b/a.jar, queue: q}\nsuspend: true"));
    create(job("sql-not-suspended", "sql: {statement: select 1}\nsuspend: false"));
    create(
        job(
            "flink-sql",
            """
        flinkSql:
          statement: "INSERT INTO sink SELECT * FROM orders"
          queue: streaming
          jobType: flink_sql_job
          cuNumber: 4
          parallelNumber: 2
          managerCuNumber: 1
          tmCus: 1
          tmSlotNum: 2
          checkpoint: {enabled: true, mode: AtLeastOnce, intervalSeconds: 30}
          restartWhenException: true
          resumeCheckpoint: true
          obsBucket: bucket
          logEnabled: true
          flinkVersion: "1.15"
          runtimeConfig: {table.exec.state.ttl: 1h}
          idleStateRetentionSeconds: 7200
        flinkStop: {triggerSavepoint: true}
        tags: {team: data}
        """));
    create(
        job(
            "flink-jar",
            """
        flinkJar:
          entrypoint: obs://bucket/stream.jar
          mainClass: com.example.Stream
          args: ["--topic", "orders"]
          dependencyJars: [obs://bucket/lib.jar]
          dependencyFiles: [obs://bucket/conf.properties]
          queue: streaming
          checkpoint: {enabled: true}
        """));
  }

  static Stream<Arguments> invalidAtCreation() {
    return Stream.of(
        Arguments.of(
            "no job kind", "deletionPolicy: Cancel", "exactly one of spec.sql, spec.spark"),
        Arguments.of(
            "two job kinds",
            "sql: {statement: select 1}\nspark: {file: a.jar, className: A, queue: q}",
            "exactly one of spec.sql, spec.spark"),
        Arguments.of(
            "SQL and Flink SQL",
            "sql: {statement: select 1}\nflinkSql: {statement: select 1, queue: q}",
            "exactly one of spec.sql, spec.spark, spec.flinkSql or spec.flinkJar"),
        Arguments.of(
            "adopting a Flink job by an ID that is not DLI's",
            "jobId: job-a\nflinkJar: {entrypoint: obs://b/a.jar, queue: q}",
            "spec.jobId of a Flink job is DLI's numeric Flink job ID"),
        Arguments.of(
            "suspending a SQL job",
            "sql: {statement: select 1}\nsuspend: true",
            "spec.suspend is for Flink jobs"),
        Arguments.of(
            "suspending a Spark batch",
            "spark: {file: a.jar, className: A, queue: q}\nsuspend: true",
            "spec.suspend is for Flink jobs"),
        Arguments.of(
            "suspending an adopted SQL job",
            "jobId: 8ecb0777-9c70-4529-9935-29ea0946039c\nsuspend: true",
            "spec.suspend is for Flink jobs"),
        Arguments.of(
            "Flink SQL without a queue", "flinkSql: {statement: select 1}", "spec.flinkSql.queue"),
        Arguments.of(
            "Flink Jar without an entrypoint", "flinkJar: {queue: q}", "spec.flinkJar.entrypoint"),
        Arguments.of(
            "unknown Flink SQL job type",
            "flinkSql: {statement: select 1, queue: q, jobType: flink_jar_job}",
            "spec.flinkSql.jobType"),
        Arguments.of(
            "unknown checkpoint mode",
            "flinkSql: {statement: select 1, queue: q, checkpoint: {enabled: true, mode: Twice}}",
            "spec.flinkSql.checkpoint.mode"),
        Arguments.of(
            "zero CUs",
            "flinkSql: {statement: select 1, queue: q, cuNumber: 0}",
            "spec.flinkSql.cuNumber"),
        Arguments.of(
            "a Flink tag key over 36 characters",
            "flinkSql: {statement: select 1, queue: q}\ntags: {a-key-that-is-longer-than-36-characters: v}",
            "spec.tags of a Flink job"),
        Arguments.of("empty statement", "sql: {statement: \"\"}", "spec.sql.statement"),
        Arguments.of("missing statement", "sql: {queue: q}", "spec.sql.statement"),
        Arguments.of(
            "queue name with a dash",
            "sql: {statement: select 1, queue: bad-queue}",
            "spec.sql.queue"),
        Arguments.of(
            "queue name of digits only",
            "sql: {statement: select 1, queue: \"123\"}",
            "spec.sql.queue"),
        Arguments.of(
            "database starting with _",
            "sql: {statement: select 1, database: _db}",
            "spec.sql.database"),
        Arguments.of(
            "negative deadline",
            "sql: {statement: select 1}\nactiveDeadlineSeconds: -5",
            "spec.activeDeadlineSeconds"),
        Arguments.of(
            "zero deadline",
            "sql: {statement: select 1}\nactiveDeadlineSeconds: 0",
            "spec.activeDeadlineSeconds"),
        Arguments.of(
            "negative TTL",
            "sql: {statement: select 1}\nttlSecondsAfterFinished: -1",
            "spec.ttlSecondsAfterFinished"),
        Arguments.of(
            "unknown deletionPolicy",
            "sql: {statement: select 1}\ndeletionPolicy: Delete",
            "spec.deletionPolicy"),
        Arguments.of("unknown field", "sql: {statement: select 1}\nretries: 3", "spec.retries"),
        Arguments.of(
            "unknown field inside sql",
            "sql: {statement: select 1, queueName: q}",
            "spec.sql.queueName"),
        Arguments.of(
            "spark without className", "spark: {file: a.jar, queue: q}", "spec.spark.className"),
        Arguments.of(
            "bad engine type",
            "sql: {statement: select 1, engineType: hive}",
            "spec.sql.engineType"),
        Arguments.of(
            "the operator's own tag",
            "sql: {statement: select 1}\ntags: {dli-operator-uid: x}",
            "spec.tags"),
        Arguments.of(
            "the operator's attempt tag",
            "sql: {statement: select 1}\ntags: {dli-operator-attempt: \"2\"}",
            "spec.tags"),
        Arguments.of(
            "negative backoffLimit",
            "sql: {statement: select 1}\nbackoffLimit: -1",
            "spec.backoffLimit"),
        Arguments.of(
            "backoffLimit on a Flink job",
            "flinkSql: {statement: select 1, queue: q}\nbackoffLimit: 2",
            "DLI restarts a failed Flink job itself, set restartWhenException"),
        Arguments.of(
            "a reserved tag prefix", "sql: {statement: select 1}\ntags: {_sys_x: y}", "spec.tags"),
        Arguments.of(
            "bad Secret name",
            "sql: {statement: select 1}\nconnection: {secretName: Bad_Name}",
            "spec.connection.secretName"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidAtCreation")
  void rejectsAtCreation(String title, String specYaml, String expectedInMessage) {
    String name = "invalid-" + Integer.toHexString(title.hashCode());
    assertThatThrownBy(() -> create(job(name, specYaml)))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as("HTTP status").isIn(400, 422);
              assertThat(e.getMessage()).contains(expectedInMessage);
            });
    assertThat(dliJobs().withName(name).get()).isNull();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource job) {
    return (Map<String, Object>) job.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  static Stream<Arguments> invalidUpdates() {
    Consumer<Map<String, Object>> changeStatement =
        s -> ((Map<String, Object>) s.get("sql")).put("statement", "select 2");
    Consumer<Map<String, Object>> changeQueue =
        s -> ((Map<String, Object>) s.get("sql")).put("queue", "other");
    return Stream.of(
        Arguments.of(
            "statement changed",
            "sql: {statement: select 1}",
            changeStatement,
            "spec.sql is immutable"),
        Arguments.of(
            "queue changed",
            "sql: {statement: select 1, queue: q1}",
            changeQueue,
            "spec.sql is immutable"),
        Arguments.of(
            "jobId changed",
            "jobId: job-a",
            (Consumer<Map<String, Object>>) s -> s.put("jobId", "job-b"),
            "spec.jobId is immutable"),
        Arguments.of(
            "jobId added",
            "sql: {statement: select 1}",
            (Consumer<Map<String, Object>>) s -> s.put("jobId", "job-b"),
            "spec.jobId is immutable"),
        Arguments.of(
            "cancel from true to false",
            "sql: {statement: select 1}\ncancel: true",
            (Consumer<Map<String, Object>>) s -> s.put("cancel", false),
            "spec.cancel is one-way"),
        Arguments.of(
            "cancel removed after true",
            "sql: {statement: select 1}\ncancel: true",
            (Consumer<Map<String, Object>>) s -> s.remove("cancel"),
            "spec.cancel is one-way"),
        Arguments.of(
            "connection changed",
            "sql: {statement: select 1}\nconnection: {secretName: a}",
            (Consumer<Map<String, Object>>) s -> s.put("connection", Map.of("secretName", "b")),
            "spec.connection is immutable"),
        Arguments.of(
            "Flink statement changed",
            "flinkSql: {statement: select 1, queue: q}",
            (Consumer<Map<String, Object>>)
                s -> ((Map<String, Object>) s.get("flinkSql")).put("statement", "select 2"),
            "spec.flinkSql is immutable"),
        Arguments.of(
            "Flink jar changed",
            "flinkJar: {entrypoint: obs://b/a.jar, queue: q}",
            (Consumer<Map<String, Object>>)
                s -> ((Map<String, Object>) s.get("flinkJar")).put("entrypoint", "obs://b/b.jar"),
            "spec.flinkJar is immutable"),
        Arguments.of(
            "suspend set on a SQL job",
            "sql: {statement: select 1}",
            (Consumer<Map<String, Object>>) s -> s.put("suspend", true),
            "spec.suspend is for Flink jobs"),
        Arguments.of(
            "tags changed",
            "sql: {statement: select 1}\ntags: {team: a}",
            (Consumer<Map<String, Object>>) s -> s.put("tags", Map.of("team", "b")),
            "spec.tags is immutable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidUpdates")
  void rejectsChangesAfterCreation(
      String title,
      String specYaml,
      Consumer<Map<String, Object>> change,
      String expectedInMessage) {
    String name = "update-" + Integer.toHexString(title.hashCode());
    GenericKubernetesResource created = create(job(name, specYaml));
    change.accept(spec(created));
    assertThatThrownBy(() -> dliJobs().resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains(expectedInMessage);
            });
  }

  @Test
  void allowsAFlinkJobToBeSuspendedAndResumed() {
    GenericKubernetesResource created =
        create(job("suspend-ok", "flinkSql: {statement: select 1, queue: q}"));
    spec(created).put("suspend", true);
    GenericKubernetesResource suspended = dliJobs().resource(created).update();
    assertThat(spec(suspended)).containsEntry("suspend", true);
    spec(suspended).put("suspend", false);
    assertThat(spec(dliJobs().resource(suspended).update())).containsEntry("suspend", false);
  }

  @Test
  void allowsCancelToTurnTrueAndPolicyToChange() {
    GenericKubernetesResource created = create(job("cancel-ok", "sql: {statement: select 1}"));
    spec(created).put("cancel", true);
    spec(created).put("deletionPolicy", "Orphan");
    GenericKubernetesResource updated = dliJobs().resource(created).update();
    assertThat(spec(updated))
        .containsEntry("cancel", true)
        .containsEntry("deletionPolicy", "Orphan");
  }
}
