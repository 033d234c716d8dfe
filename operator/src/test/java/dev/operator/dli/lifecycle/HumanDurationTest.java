package dev.operator.dli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  @ParameterizedTest(name = "{0} ms is {1}")
  @CsvSource({
    "0, 0s",
    "-5, 0s",
    "1, 1ms",
    "227, 227ms",
    "999, 999ms",
    "1000, 1s",
    "5999, 5s",
    "59999, 59s",
    "60000, 1m",
    "125227, 2m5s",
    "3599999, 59m59s",
    "3600000, 1h",
    "3725000, 1h2m",
    "86399999, 23h59m",
    "86400000, 1d",
    "273600000, 3d4h",
    "8640000000, 100d"
  })
  void twoLargestUnitsTruncated(long millis, String expected) {
    assertThat(HumanDuration.of(millis)).isEqualTo(expected);
  }
}
