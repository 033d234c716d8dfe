package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.StatusResponse;
import dev.operator.dli.client.wire.SubmitSqlJobRequest;
import dev.operator.dli.client.wire.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DTO mapping: DLI's field names, unknown fields, is_success as boolean or string; no secret in
 * toString.
 */
class WireFormatTest {
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"true | true", "\"true\" | true", "false | false", "\"false\" | false"})
  void isSuccessAsBooleanOrString(String raw, boolean expected) throws Exception {
    assertThat(
            json.readValue(
                    "{\"is_success\": " + raw + ", \"message\": \"m\", \"new_field\": 1}",
                    StatusResponse.class)
                .isSuccess())
        .isEqualTo(expected);
  }

  @Test
  void readsTheStatusExample() throws Exception {
    SqlJob job =
        json.readValue(
            """
        {"is_success":true,"message":"","job_id":"208b08d4-0dc2-4dd7-8879-ddd4c020d7aa","job_type":"QUERY",
         "job_mode":"async","queue_name":"default","owner":"test","start_time":1509335108918,"duration":2523,
         "status":"FINISHED","input_size":22,"result_count":4,"database_name":"dbtest","table_name":"tbtest",
         "detail":"{}","statement":"select * from t1","tags":[{"key":"k","value":"v"}],"scaling":{"x":1}}
        """,
            SqlJob.class);
    assertThat(job.status()).isEqualTo("FINISHED");
    assertThat(job.startTime()).isEqualTo(1509335108918L);
    assertThat(job.duration()).isEqualTo(2523L);
    assertThat(job.hasTag("k", "v")).isTrue();
    assertThat(job.hasTag("k", "w")).isFalse();
  }

  @Test
  void writesTheSubmitBodyWithDlisNamesAndNoEmptyFields() throws Exception {
    String body =
        json.writeValueAsString(
            new SubmitSqlJobRequest(
                "select 1",
                "db",
                "q",
                null,
                null,
                List.of(),
                List.of(new Tag("dli-operator-uid", "u1"))));
    assertThat(body)
        .isEqualTo(
            "{\"sql\":\"select 1\",\"currentdb\":\"db\",\"queue_name\":\"q\","
                + "\"tags\":[{\"key\":\"dli-operator-uid\",\"value\":\"u1\"}]}");
  }

  @Test
  void listQueryUsesDlisParameterNames() {
    assertThat(
            dev.operator.dli.client.wire.ListSqlJobsQuery.create()
                .pageSize(100)
                .currentPage(2)
                .start(1L)
                .end(2L)
                .jobType("QUERY")
                .jobStatus("RUNNING")
                .jobId("j")
                .queueName("q")
                .sqlPattern("select")
                .order("start_time_asc")
                .owner("o")
                .dbName("d")
                .tableName("t")
                .engineType("spark")
                .tag("k", "v")
                .tag("k2", "v2")
                .params())
        .containsOnly(
            Map.entry("page-size", "100"),
            Map.entry("current-page", "2"),
            Map.entry("start", "1"),
            Map.entry("end", "2"),
            Map.entry("job-type", "QUERY"),
            Map.entry("job-status", "RUNNING"),
            Map.entry("job-id", "j"),
            Map.entry("queue_name", "q"),
            Map.entry("sql_pattern", "select"),
            Map.entry("order", "start_time_asc"),
            Map.entry("owner", "o"),
            Map.entry("db_name", "d"),
            Map.entry("table_name", "t"),
            Map.entry("engine_type", "spark"),
            Map.entry("engine-type", "spark"),
            Map.entry("tags", "k=v,k2=v2"));
  }

  @Test
  void credentialsNeverPrintTheirSecrets() {
    String text =
        new Credentials.AkSk("AK1", "SK-SECRET", "TOKEN-SECRET").toString()
            + new Credentials.IamPassword(
                URI.create("https://iam.example.com"), "d", "u", "PW-SECRET")
            + DliConnection.builder(
                    URI.create("https://dli.example.com"),
                    "p",
                    new Credentials.AkSk("AK1", "SK-SECRET", null))
                .build();
    assertThat(text).contains("AK1").doesNotContain("SK-SECRET", "TOKEN-SECRET", "PW-SECRET");
  }
}
