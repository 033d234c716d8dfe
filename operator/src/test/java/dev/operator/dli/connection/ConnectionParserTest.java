package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operator.dli.api.DliConnectionSpec;
import dev.operator.dli.client.Credentials;
import dev.operator.dli.client.DliConnection;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionParserTest {
  private static Secret secret(Map<String, String> data) {
    Map<String, String> encoded = new HashMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName("creds")
        .withResourceVersion("1")
        .endMetadata()
        .withData(encoded)
        .build();
  }

  private static Map<String, String> akSk() {
    Map<String, String> data = new HashMap<>();
    data.put("endpoint", "https://dli.eu-de.otc.t-systems.com");
    data.put("projectId", "p1");
    data.put("region", "eu-de");
    data.put("accessKey", "AK");
    data.put("secretKey", "TOP-SECRET");
    return data;
  }

  @Test
  void readsAkSk() {
    DliConnection c = ConnectionParser.legacy(secret(akSk()), ConnectionSettings.defaults());
    assertThat(c.endpoint().getHost()).isEqualTo("dli.eu-de.otc.t-systems.com");
    assertThat(c.projectId()).isEqualTo("p1");
    assertThat(c.region()).isEqualTo("eu-de");
    assertThat(c.credentials()).isEqualTo(new Credentials.AkSk("AK", "TOP-SECRET", null));
  }

  @Test
  void readsIamPasswordFromStringData() {
    Secret s =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("creds")
            .endMetadata()
            .withStringData(
                Map.of(
                    "endpoint",
                    "https://dli.example.com",
                    "projectId",
                    "p",
                    "iamEndpoint",
                    "https://iam.example.com",
                    "domainName",
                    "d",
                    "username",
                    "u",
                    "password",
                    "PW"))
            .build();
    assertThat(ConnectionParser.legacy(s, ConnectionSettings.defaults()).credentials())
        .isInstanceOf(Credentials.IamPassword.class);
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({"endpoint", "projectId", "secretKey", "accessKey"})
  void aMissingKeyIsNamed(String key) {
    Map<String, String> data = akSk();
    data.remove(key);
    assertThatThrownBy(() -> ConnectionParser.legacy(secret(data), ConnectionSettings.defaults()))
        .hasMessage("Secret ns/creds is missing key " + key);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "endpoint | http://dli.example.com | must be an https URL (plain http needs allowInsecureHttp)",
        "endpoint | not a url | key endpoint must be a URL",
        "allowInsecureHttp | yes | allowInsecureHttp must be \"true\" or \"false\"",
        "caBundle | not a pem | caBundle"
      })
  void badValuesAreExplainedWithoutSecrets(String key, String value, String expected) {
    Map<String, String> data = akSk();
    data.put(key, value);
    assertThatThrownBy(
            () ->
                new dev.operator.dli.client.DliClient(
                    ConnectionParser.legacy(secret(data), ConnectionSettings.defaults())))
        .hasMessageContaining(expected)
        .message()
        .doesNotContain("TOP-SECRET");
  }

  @Test
  void plainHttpNeedsTheExplicitSwitch() {
    Map<String, String> data = akSk();
    data.put("endpoint", "http://127.0.0.1:8080");
    data.put("allowInsecureHttp", "true");
    assertThat(
            ConnectionParser.legacy(secret(data), ConnectionSettings.defaults())
                .allowInsecureHttp())
        .isTrue();
  }

  @Test
  void neitherKindOfCredentialsIsExplained() {
    Map<String, String> data = akSk();
    data.remove("accessKey");
    data.remove("secretKey");
    assertThatThrownBy(() -> ConnectionParser.legacy(secret(data), ConnectionSettings.defaults()))
        .hasMessageContaining("neither accessKey/secretKey nor username/password/domainName");
  }

  private static DliConnectionSpec spec() {
    DliConnectionSpec spec = new DliConnectionSpec();
    spec.setEndpoint("https://dli.eu-de.otc.t-systems.com");
    spec.setProjectId("p1");
    spec.setRegion("eu-de");
    return spec;
  }

  @Test
  void aConnectionResourceTakesEverythingButTheKeysFromItsSpec() {
    DliConnectionSpec spec = spec();
    spec.setRequestsPerSecond(3.5);
    Map<String, String> keys = new HashMap<>(Map.of("accessKey", "AK", "secretKey", "SK"));
    keys.put("endpoint", "https://elsewhere.example.com"); // a spec field in the Secret is ignored
    DliConnection c =
        ConnectionParser.of(
            "DliConnection ns/dli", spec, secret(keys), ConnectionSettings.defaults());
    assertThat(c.endpoint().getHost()).isEqualTo("dli.eu-de.otc.t-systems.com");
    assertThat(c.region()).isEqualTo("eu-de");
    assertThat(c.credentials()).isEqualTo(new Credentials.AkSk("AK", "SK", null));
    assertThat(c.requestsPerSecond()).isEqualTo(3.5);
    assertThat(
            ConnectionParser.of("x", spec(), secret(keys), ConnectionSettings.defaults())
                .requestsPerSecond())
        .as("the operator's default without spec.requestsPerSecond")
        .isEqualTo(ConnectionSettings.defaults().requestsPerSecond());
  }

  @Test
  void usernameAndPasswordNeedTheSpecsIamEndpoint() {
    Map<String, String> keys = Map.of("domainName", "d", "username", "u", "password", "pw");
    assertThatThrownBy(
            () ->
                ConnectionParser.of(
                    "DliConnection ns/dli", spec(), secret(keys), ConnectionSettings.defaults()))
        .hasMessageContaining("spec.iamEndpoint of DliConnection ns/dli must be set")
        .hasMessageNotContaining("pw");
    DliConnectionSpec spec = spec();
    spec.setIamEndpoint("https://iam.eu-de.otc.t-systems.com");
    assertThat(
            ConnectionParser.of("x", spec, secret(keys), ConnectionSettings.defaults())
                .credentials())
        .isInstanceOf(Credentials.IamPassword.class);
  }

  @Test
  void aMissingKeyIsNamedNeverItsValue() {
    assertThatThrownBy(
            () ->
                ConnectionParser.of(
                    "x",
                    spec(),
                    secret(Map.of("accessKey", "AK-VALUE")),
                    ConnectionSettings.defaults()))
        .hasMessageContaining("Secret ns/creds is missing key secretKey")
        .hasMessageNotContaining("AK-VALUE");
  }
}
