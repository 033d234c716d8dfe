package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of GET /v2.0/{project_id}/batches; {@code from} is 0-based, {@code total} counts all
 * pages.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SparkBatchPage(
    @JsonProperty("from") Integer from,
    @JsonProperty("total") Integer total,
    @JsonProperty("sessions") List<SparkBatch> sessions) {

  public List<SparkBatch> sessionsOrEmpty() {
    return sessions == null ? List.of() : sessions;
  }
}
