package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A DLI Flink Jar job (POST /v1.0/{project_id}/streaming/flink-jobs, then run): a streaming job
 * that runs until it is stopped.
 */
public class FlinkJarJobSpec extends FlinkJobSettings {
  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "The job's jar: a package name or obs://bucket/path (DLI field entrypoint).")
  private String entrypoint;

  @JsonPropertyDescription("Main class of the jar (DLI field main_class).")
  private String mainClass;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Arguments of the main class (DLI field entrypoint_args, joined with spaces).")
  private List<String> args;

  @Size(max = 100)
  @JsonPropertyDescription("Further jars on the class path (DLI field dependency_jars).")
  private List<String> dependencyJars;

  @Size(max = 100)
  @JsonPropertyDescription("Files the job reads (DLI field dependency_files).")
  private List<String> dependencyFiles;

  public String getEntrypoint() {
    return entrypoint;
  }

  public void setEntrypoint(String entrypoint) {
    this.entrypoint = entrypoint;
  }

  public String getMainClass() {
    return mainClass;
  }

  public void setMainClass(String mainClass) {
    this.mainClass = mainClass;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public List<String> getDependencyJars() {
    return dependencyJars;
  }

  public void setDependencyJars(List<String> dependencyJars) {
    this.dependencyJars = dependencyJars;
  }

  public List<String> getDependencyFiles() {
    return dependencyFiles;
  }

  public void setDependencyFiles(List<String> dependencyFiles) {
    this.dependencyFiles = dependencyFiles;
  }
}
