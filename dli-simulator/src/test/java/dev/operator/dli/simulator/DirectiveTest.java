package dev.operator.dli.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectiveTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "select 1 /* sim: run 500ms */            | 500   | false",
        "/*sim: run 2s*/ insert into t select 1   | 2000  | false",
        "select 1 /* sim: fail after 10m */       | 600000| true",
        "select 1 /* sim: run 1h */               | 3600000| false"
      })
  void readsDirectives(String sql, long millis, boolean fails) {
    assertThat(Directive.find(sql))
        .contains(new Directive(Duration.ofMillis(millis), fails, false));
  }

  @ParameterizedTest
  @CsvSource({
    "insert into sink select * from src /* sim: fail at submit */",
    "/*sim: fail at submit*/"
  })
  void readsAFailureAtSubmit(String sql) {
    assertThat(Directive.find(sql)).contains(new Directive(Duration.ZERO, true, true));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "insert into sink select * from src /* sim: start after 1h */ | 3600000",
        "/*sim: start after 500ms*/                                    | 500"
      })
  void readsAStartThatTakesLong(String sql, long millis) {
    assertThat(Directive.startAfter(sql)).contains(Duration.ofMillis(millis));
    assertThat(Directive.find(sql)).as("the run itself as without it").isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"select 1", "select 1 /* a comment */"})
  void noDirectiveMeansDefaults(String sql) {
    assertThat(Directive.find(sql)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"/* sim: run soon */", "/* sim: run 5 */", "/* sim: run 2d */"})
  void badDurationsAreClearErrors(String sql) {
    assertThatThrownBy(() -> Directive.find(sql)).hasMessageContaining("not a duration");
  }
}
