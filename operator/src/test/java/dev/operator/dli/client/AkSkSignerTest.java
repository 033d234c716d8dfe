package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our signer against the reference test vectors and against the official SDK's signer. */
class AkSkSignerTest {
  private static final String PID = "48cc2c48765f481480c7db940d6409d1";

  @Test
  void vector1() {
    assertThat(
            AkSkSigner.authorization(
                "AccessKey",
                "SecretKey",
                "GET",
                URI.create("https://example.huaweicloud.com/path?limit=1"),
                Map.of("X-Sdk-Date", "20060102T150405Z"),
                new byte[0]))
        .isEqualTo(
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
                + "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
  }

  @Test
  void vector2() {
    assertThat(
            AkSkSigner.authorization(
                "AccessKey",
                "SecretKey",
                "POST",
                URI.create("https://example.huaweicloud.com/path?key=value"),
                Map.of("X-Sdk-Date", "20060102T150405Z"),
                "{\"Name\":\"test\",\"Id\":1}\n".getBytes(StandardCharsets.UTF_8)))
        .endsWith("Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DELETE | /v1.0/"
            + PID
            + "/jobs/6d2146a0-c2d5-41bd-8ca0-ca9694ada992 | | 56818949971899357cbde620e5a1ae64bf5b289b46d5f2f5ca3f470420eef6e7",
        "GET    | /v1.0/"
            + PID
            + "/jobs?page-size=100&job-status=RUNNING&current-page=1 | | 5a84a83bcf32ed76017d3a27899e1463a1f69f4138c730ebe34bb04430b0bb26",
        "POST   | /v1.0/"
            + PID
            + "/jobs/submit-job | {\"sql\":\"select 1\",\"queue_name\":\"default\"} | 41472e79f204bcc0a77e41ab58ee261e7022357a8e1fcaaf00c1bd3689e69c45"
      })
  void vector3DliShaped(String method, String pathAndQuery, String body, String signature) {
    Map<String, String> headers =
        Map.of(
            "Host",
            "dli.eu-de.otc.t-systems.com",
            "X-Sdk-Date",
            "20240101T000000Z",
            "X-Project-Id",
            PID,
            "Content-Type",
            "application/json");
    assertThat(
            AkSkSigner.authorization(
                "TESTAK",
                "TESTSK",
                method,
                URI.create("https://dli.eu-de.otc.t-systems.com" + pathAndQuery),
                headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(
            "SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
                + "Signature="
                + signature);
  }

  @Test
  void canonicalQueryOfTheGoSdkTest() {
    assertThat(
            AkSkSigner.canonicalQuery(
                "test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29&multi=3&multi=1"
                    + "&path=%2Ftmp%2F123&multi=2&limit=1&enable=true"))
        .isEqualTo(
            "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123"
                + "&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29");
  }

  /**
   * The same requests, signed by us and by com.huaweicloud.sdk.core.auth.AKSKSigner, give the same
   * header.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | https://dli.eu-de.otc.t-systems.com    | /v1.0/" + PID + "/jobs/abc-1/status | |",
        "DELETE | https://127.0.0.1:8443                 | /v1.0/"
            + PID
            + "/jobs/6d2146a0-c2d5-41bd-8ca0-ca9694ada992 | |",
        "GET    | https://dli.eu-de.otc.t-systems.com    | /v1.0/"
            + PID
            + "/jobs | page-size=100,current-page=2,job-status=RUNNING,tags=dli-operator-uid=1234,queue_name=q_1 |",
        "POST   | https://dli.ap-southeast-1.myhuaweicloud.com | /v1.0/"
            + PID
            + "/jobs/submit-job | | {\"sql\":\"select * from t where a = 'ü ✓'\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}",
        "POST   | https://localhost:9443                 | /v2.0/"
            + PID
            + "/batches | | {\"file\":\"obs://b/app.jar\",\"className\":\"A\",\"queue\":\"q\"}"
      })
  void equalsTheOfficialSdkSigner(
      String method, String endpoint, String path, String queryList, String body) {
    String date = "20261129T101500Z";
    Map<String, String> query = new LinkedHashMap<>();
    if (queryList != null) {
      for (String pair : queryList.split(",")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv[1]);
      }
    }
    URI uri = URI.create(endpoint + path + DliHttp.query(query));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", DliHttp.hostHeader(uri));
    headers.put("X-Project-Id", PID);
    headers.put("X-Sdk-Date", date);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String ours = AkSkSigner.authorization("MYAK", "MYSK", method, uri, headers, bytes);

    HttpRequest.HttpRequestBuilder sdkRequest =
        HttpRequest.newBuilder()
            .withMethod(HttpMethod.valueOf(method))
            .withEndpoint(endpoint)
            .withPath(path)
            .withContentType("application/json")
            .addHeader("Content-Type", "application/json")
            .addHeader("X-Project-Id", PID)
            .addHeader("X-Sdk-Date", date);
    query.forEach((k, v) -> sdkRequest.addQueryParam(k, List.of(v)));
    if (body != null) {
      sdkRequest.withBodyAsString(body);
    }
    Map<String, String> sdkHeaders =
        AKSKSigner.getInstance()
            .sign(
                sdkRequest.build(),
                new BasicCredentials().withAk("MYAK").withSk("MYSK").withProjectId(PID));
    assertThat(ours).isEqualTo(sdkHeaders.get("Authorization"));
  }
}
