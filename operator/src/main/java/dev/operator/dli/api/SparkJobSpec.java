package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** A DLI Spark batch job (POST /v2.0/{project_id}/batches). */
public class SparkJobSpec {
  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "The application package: a package name or obs://bucket/path (DLI field file).")
  private String file;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Main class of the application (DLI field className).")
  private String className;

  @Required
  @Pattern(SqlJobSpec.DLI_NAME)
  @Size(max = 128)
  @JsonPropertyDescription("DLI queue that runs the batch (DLI field queue).")
  private String queue;

  @Size(max = 100)
  @JsonPropertyDescription("Arguments passed to the main class (DLI field args).")
  private List<String> args;

  @Size(max = 128)
  @JsonPropertyDescription("Name of the batch job in DLI (DLI field name).")
  private String name;

  @Size(max = 100)
  @JsonPropertyDescription("Spark configuration (DLI field conf).")
  private Map<String, String> conf;

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public String getQueue() {
    return queue;
  }

  public void setQueue(String queue) {
    this.queue = queue;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, String> getConf() {
    return conf;
  }

  public void setConf(Map<String, String> conf) {
    this.conf = conf;
  }
}
