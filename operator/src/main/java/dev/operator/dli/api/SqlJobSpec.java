package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** A DLI SQL job (POST /v1.0/{project_id}/jobs/submit-job). */
public class SqlJobSpec {
  /**
   * DLI's naming rule for queues and databases: letters, digits and '_', not only digits, not
   * leading '_'.
   */
  static final String DLI_NAME = "^([A-Za-z][A-Za-z0-9_]*|[0-9]+[A-Za-z_][A-Za-z0-9_]*)$";

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("The SQL statement to run (DLI field sql).")
  private String statement;

  @Pattern(DLI_NAME)
  @Size(max = 128)
  @JsonPropertyDescription("Database the statement runs in (DLI field currentdb).")
  private String database;

  @Pattern(DLI_NAME)
  @Size(max = 128)
  @JsonPropertyDescription(
      "DLI queue that runs the job (DLI field queue_name); DLI's default queue when omitted.")
  private String queue;

  @Size(min = 1, max = 128)
  @JsonPropertyDescription(
      "Catalog of the statement (DLI field current_catalog); DLI's own catalog when omitted.")
  private String catalog;

  @Pattern("^(spark|trino)$")
  @JsonPropertyDescription("SQL engine (DLI field engine_type): spark (DLI's default) or trino.")
  private String engineType;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Spark/DLI configuration, sent as \"key=value\" strings (DLI field conf).")
  private Map<String, String> conf;

  public String getStatement() {
    return statement;
  }

  public void setStatement(String statement) {
    this.statement = statement;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getQueue() {
    return queue;
  }

  public void setQueue(String queue) {
    this.queue = queue;
  }

  public String getCatalog() {
    return catalog;
  }

  public void setCatalog(String catalog) {
    this.catalog = catalog;
  }

  public String getEngineType() {
    return engineType;
  }

  public void setEngineType(String engineType) {
    this.engineType = engineType;
  }

  public Map<String, String> getConf() {
    return conf;
  }

  public void setConf(Map<String, String> conf) {
    this.conf = conf;
  }
}
