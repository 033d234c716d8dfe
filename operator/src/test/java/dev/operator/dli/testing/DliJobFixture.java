package dev.operator.dli.testing;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.FlinkJarJobSpec;
import dev.operator.dli.api.FlinkSqlJobSpec;
import dev.operator.dli.api.SparkJobSpec;
import dev.operator.dli.api.SqlJobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tests' one way to make a DliJob: a SQL job, a Spark batch or an adoption, then whatever else
 * differs.
 */
public final class DliJobFixture {
  private final DliJobSpec spec = new DliJobSpec();
  private String namespace;
  private String name;

  private DliJobFixture() {}

  /** A SQL job on queue default and database analytics. */
  public static DliJobFixture sql(String statement) {
    DliJobFixture fixture = new DliJobFixture();
    SqlJobSpec sql = new SqlJobSpec();
    sql.setStatement(statement);
    sql.setQueue("default");
    sql.setDatabase("analytics");
    fixture.spec.setSql(sql);
    return fixture;
  }

  /** A Spark batch on queue default whose arguments carry the simulator directive. */
  public static DliJobFixture spark(String directive) {
    DliJobFixture fixture = new DliJobFixture();
    SparkJobSpec spark = new SparkJobSpec();
    spark.setFile("obs://bucket/app.jar");
    spark.setClassName("com.example.Nightly");
    spark.setQueue("default");
    spark.setArgs(List.of("--day", directive));
    fixture.spec.setSpark(spark);
    return fixture;
  }

  /** A Flink SQL job on queue streaming; the statement may carry a simulator directive. */
  public static DliJobFixture flinkSql(String statement) {
    DliJobFixture fixture = new DliJobFixture();
    FlinkSqlJobSpec flink = new FlinkSqlJobSpec();
    flink.setStatement(statement);
    flink.setQueue("streaming");
    fixture.spec.setFlinkSql(flink);
    return fixture;
  }

  /** A Flink Jar job on queue streaming whose arguments carry the simulator directive. */
  public static DliJobFixture flinkJar(String directive) {
    DliJobFixture fixture = new DliJobFixture();
    FlinkJarJobSpec flink = new FlinkJarJobSpec();
    flink.setEntrypoint("obs://bucket/stream.jar");
    flink.setMainClass("com.example.Stream");
    flink.setQueue("streaming");
    flink.setArgs(List.of("--topic", "orders", directive));
    fixture.spec.setFlinkJar(flink);
    return fixture;
  }

  /** No job kind: adopts the existing DLI job. */
  public static DliJobFixture adopting(String jobId) {
    DliJobFixture fixture = new DliJobFixture();
    fixture.spec.setJobId(jobId);
    return fixture;
  }

  public DliJobFixture named(String resourceNamespace, String resourceName) {
    this.namespace = resourceNamespace;
    this.name = resourceName;
    return this;
  }

  /** Any other spec field: cancel, deadlines, deletion policy, connection... */
  public DliJobFixture with(Consumer<DliJobSpec> change) {
    change.accept(spec);
    return this;
  }

  public DliJob build() {
    DliJob job = new DliJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    job.setSpec(spec);
    return job;
  }
}
