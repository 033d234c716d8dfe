package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {
  private static final Map<String, String> TEAM_A = Map.of("team", "a", "tier", "prod");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("null selects nothing", null, TEAM_A, false),
        Arguments.of("{} selects all", new LabelSelector(), TEAM_A, true),
        Arguments.of("{} selects no labels too", new LabelSelector(), Map.of(), true),
        Arguments.of("matchLabels hit", labels("team", "a"), TEAM_A, true),
        Arguments.of("matchLabels miss", labels("team", "b"), TEAM_A, false),
        Arguments.of("matchLabels absent key", labels("team", "a"), Map.of(), false),
        Arguments.of("In hit", expr("team", "In", "a", "b"), TEAM_A, true),
        Arguments.of("In miss", expr("team", "In", "b"), TEAM_A, false),
        Arguments.of("In absent key", expr("team", "In", "a"), Map.of(), false),
        Arguments.of("NotIn hit", expr("team", "NotIn", "b"), TEAM_A, true),
        Arguments.of("NotIn miss", expr("team", "NotIn", "a"), TEAM_A, false),
        Arguments.of("NotIn absent key", expr("team", "NotIn", "a"), Map.of(), true),
        Arguments.of("Exists", expr("tier", "Exists"), TEAM_A, true),
        Arguments.of("Exists absent", expr("zone", "Exists"), TEAM_A, false),
        Arguments.of("DoesNotExist", expr("zone", "DoesNotExist"), TEAM_A, true),
        Arguments.of("DoesNotExist present", expr("tier", "DoesNotExist"), TEAM_A, false),
        Arguments.of(
            "labels and expressions all hold",
            new LabelSelectorBuilder()
                .addToMatchLabels("team", "a")
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("In")
                .withValues("prod")
                .endMatchExpression()
                .build(),
            TEAM_A,
            true),
        Arguments.of(
            "one of them fails",
            new LabelSelectorBuilder()
                .addToMatchLabels("team", "a")
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("NotIn")
                .withValues("prod")
                .endMatchExpression()
                .build(),
            TEAM_A,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesAsKubernetesDoes(
      String name, LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(LabelSelectors.matches(selector, labels)).isEqualTo(expected);
  }

  private static LabelSelector labels(String key, String value) {
    return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
  }

  private static LabelSelector expr(String key, String operator, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .build();
  }
}
