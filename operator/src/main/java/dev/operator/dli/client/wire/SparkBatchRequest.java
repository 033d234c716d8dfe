package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of POST /v2.0/{project_id}/batches. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SparkBatchRequest(
    @JsonProperty("file") String file,
    @JsonProperty("className") String className,
    @JsonProperty("queue") String queue,
    @JsonProperty("name") String name,
    @JsonProperty("args") List<String> args,
    @JsonProperty("conf") Map<String, String> conf) {}
