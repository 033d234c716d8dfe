package dev.operator.dli.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The gateway check accepts the reference test vectors (shared/reference/dli-api.md §5.2) and
 * nothing else.
 */
class GatewaySignatureTest {
  private static final Instant SIGNED_AT = Instant.parse("2006-01-02T15:04:05Z");

  private static Function<String, String> headers(Map<String, String> values) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(values);
    return map::get;
  }

  @Test
  void vector1GetWithQuery() {
    var auth =
        GatewaySignature.parse(
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
                + "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
    assertThatCode(
            () ->
                GatewaySignature.verify(
                    auth,
                    "SecretKey",
                    "GET",
                    "/path",
                    "limit=1",
                    headers(Map.of("X-Sdk-Date", "20060102T150405Z")),
                    new byte[0],
                    SIGNED_AT))
        .doesNotThrowAnyException();
  }

  @Test
  void vector2PostWithBody() {
    var auth =
        GatewaySignature.parse(
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
                + "Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
    byte[] body = "{\"Name\":\"test\",\"Id\":1}\n".getBytes(StandardCharsets.UTF_8);
    assertThatCode(
            () ->
                GatewaySignature.verify(
                    auth,
                    "SecretKey",
                    "POST",
                    "/path",
                    "key=value",
                    headers(Map.of("X-Sdk-Date", "20060102T150405Z")),
                    body,
                    SIGNED_AT))
        .doesNotThrowAnyException();
  }

  @Test
  void vector3DliDelete() {
    var auth =
        GatewaySignature.parse(
            "SDK-HMAC-SHA256 Access=TESTAK, "
                + "SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
                + "Signature=56818949971899357cbde620e5a1ae64bf5b289b46d5f2f5ca3f470420eef6e7");
    var h =
        headers(
            Map.of(
                "Content-Type",
                "application/json",
                "Host",
                "dli.eu-de.otc.t-systems.com",
                "X-Project-Id",
                "48cc2c48765f481480c7db940d6409d1",
                "X-Sdk-Date",
                "20240101T000000Z"));
    assertThatCode(
            () ->
                GatewaySignature.verify(
                    auth,
                    "TESTSK",
                    "DELETE",
                    "/v1.0/48cc2c48765f481480c7db940d6409d1/jobs/6d2146a0-c2d5-41bd-8ca0-ca9694ada992",
                    null,
                    h,
                    new byte[0],
                    Instant.parse("2024-01-01T00:05:00Z")))
        .doesNotThrowAnyException();
  }

  @Test
  void aTamperedRequestOrAStaleDateIsRejected() {
    var auth =
        GatewaySignature.parse(
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
                + "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
    var h = headers(Map.of("X-Sdk-Date", "20060102T150405Z"));
    assertThatThrownBy(
            () ->
                GatewaySignature.verify(
                    auth, "SecretKey", "GET", "/path", "limit=2", h, new byte[0], SIGNED_AT))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status).isEqualTo(401);
              assertThat(e.code).isEqualTo("APIGW.0301");
              assertThat(e.getMessage())
                  .contains("canonicalRequest:GET|/path/|limit=2|x-sdk-date:20060102T150405Z|");
            });
    assertThatThrownBy(
            () ->
                GatewaySignature.verify(
                    auth,
                    "SecretKey",
                    "GET",
                    "/path",
                    "limit=1",
                    h,
                    new byte[0],
                    SIGNED_AT.plusSeconds(16 * 60)))
        .isInstanceOfSatisfying(
            ApiError.class, e -> assertThat(e.getMessage()).contains("15 minutes"));
  }

  @Test
  void canonicalQuerySortsAndEncodesLikeTheGoSdk() {
    assertThat(
            GatewaySignature.canonicalQuery(
                "test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29&multi=3&multi=1&multi=2&path=%2Ftmp%2F123&limit=1&enable=true"))
        .isEqualTo(
            "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123"
                + "&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29");
    assertThat(GatewaySignature.canonicalQuery("parm2")).isEqualTo("parm2=");
    assertThat(GatewaySignature.canonicalUri("/")).isEqualTo("/");
    assertThat(GatewaySignature.canonicalUri("/v1.0/p/jobs")).isEqualTo("/v1.0/p/jobs/");
  }
}
