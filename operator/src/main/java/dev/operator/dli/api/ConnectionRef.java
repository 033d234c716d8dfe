package dev.operator.dli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** The DliConnection (in the DliJob's namespace) or ClusterDliConnection a DliJob runs on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionRef {
  @Default("DliConnection")
  @JsonPropertyDescription(
      "DliConnection (in the DliJob's namespace; the default) or ClusterDliConnection (one whose"
          + " namespaceSelector selects the DliJob's namespace).")
  private ConnectionKind kind = ConnectionKind.DliConnection;

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("The connection's name.")
  private String name;

  public ConnectionRef() {}

  public ConnectionRef(ConnectionKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public ConnectionKind getKind() {
    return kind == null ? ConnectionKind.DliConnection : kind;
  }

  public void setKind(ConnectionKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionRef other
        && getKind() == other.getKind()
        && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(getKind(), name);
  }

  @Override
  public String toString() {
    return getKind() + " " + name;
  }
}
