package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedSecretsTest {
  private static Secret secret(Map<String, String> data, boolean inUse) {
    SecretBuilder secret =
        new SecretBuilder().withNewMetadata().withName("creds").endMetadata().withData(data);
    if (inUse) {
      secret.editMetadata().addToFinalizers(InUseFinalizer.NAME).endMetadata();
    }
    return secret.build();
  }

  @Test
  void newDataWakeTheHolders() {
    assertThat(
            NamedSecrets.wakes(
                secret(Map.of("k", "YQ=="), true), secret(Map.of("k", "Yg=="), true)))
        .isTrue();
  }

  @Test
  void theOperatorsOwnFinalizerWakesNobody() {
    assertThat(
            NamedSecrets.wakes(
                secret(Map.of("k", "YQ=="), false), secret(Map.of("k", "YQ=="), true)))
        .isFalse();
  }

  @Test
  void theFinalizerTakenAwayWakesTheHoldersToPutItBack() {
    assertThat(
            NamedSecrets.wakes(
                secret(Map.of("k", "YQ=="), true), secret(Map.of("k", "YQ=="), false)))
        .isTrue();
  }

  @Test
  void theRefusalSaysWhatToBindWhere() {
    assertThat(NamedSecrets.forbidden("team-a", "creds"))
        .contains("Secret team-a/creds")
        .contains(
            "bind the operator's secrets ClusterRole (<release>-secrets) in namespace team-a");
  }
}
