package dev.operator.dli.client.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Answer of GET /v1.0/{project_id}/jobs/{job_id}/detail. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqlJobDetail(
    @JsonProperty("is_success") Boolean isSuccess,
    @JsonProperty("message") String message,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("owner") String owner,
    @JsonProperty("start_time") Long startTime,
    @JsonProperty("duration") Long duration,
    @JsonProperty("database_name") String databaseName,
    @JsonProperty("table_name") String tableName,
    @JsonProperty("data_path") String dataPath,
    @JsonProperty("data_type") String dataType,
    @JsonProperty("tags") List<Tag> tags)
    implements DliResponse {}
