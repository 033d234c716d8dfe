package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of POST /v1.0/{project_id}/jobs/submit-job. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SubmitSqlJobRequest(
    @JsonProperty("sql") String sql,
    @JsonProperty("currentdb") String database,
    @JsonProperty("queue_name") String queueName,
    @JsonProperty("current_catalog") String catalog,
    @JsonProperty("engine_type") String engineType,
    @JsonProperty("conf") List<String> conf,
    @JsonProperty("tags") List<Tag> tags) {}
