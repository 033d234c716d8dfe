package dev.operator.dli.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassTest {
  @ParameterizedTest(name = "HTTP {0} {1} job={2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "0,   -,           true,  TRANSIENT",
        "500, -,           true,  TRANSIENT",
        "502, APIGW.0201,  false, TRANSIENT",
        "503, -,           false, TRANSIENT",
        "429, APIGW.0308,  true,  TRANSIENT",
        "401, APIGW.0301,  true,  AUTH",
        "403, APIGW.0302,  false, AUTH",
        "401, DLI.0013,    false, AUTH",
        "401, DLI.0014,    false, AUTH",
        "400, DLI.0013,    false, AUTH",
        "404, -,           true,  NOT_FOUND",
        "400, DLI.0002,    true,  NOT_FOUND",
        "404, DLI.0023,    true,  NOT_FOUND",
        "400, DLI.0002,    false, PERMANENT",
        "404, APIGW.0101,  false, PERMANENT",
        "400, DLI.0001,    true,  PERMANENT",
        "400, DLI.0007,    true,  PERMANENT",
        "400, DLI.0999,    true,  PERMANENT",
        "409, -,           false, PERMANENT",
        "200, -,           true,  PERMANENT"
      })
  void classifies(int status, String code, boolean addressesJob, ErrorClass expected) {
    assertThat(ErrorClass.of(status, code, addressesJob)).isEqualTo(expected);
  }
}
