package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.connection.SecretHolder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class SecretHoldsTest {
  private static final String CREDS = "team/creds";
  private static final String OTHER = "team/other";

  private final SecretHolds holds = new SecretHolds();

  private static SecretHolder job(String name) {
    return new SecretHolder(SecretHolder.DLI_JOB, new ResourceID(name, "team"));
  }

  @Test
  void aSecretsHoldersAreFoundFromTheSecret() {
    holds.hold(job("a"), CREDS, true);
    holds.hold(job("b"), CREDS, true);
    holds.hold(job("c"), OTHER, true);

    assertThat(holds.holdersOf(CREDS)).containsExactlyInAnyOrder(job("a"), job("b"));
    assertThat(holds.holdersOf(OTHER)).containsExactly(job("c"));
    assertThat(holds.holdersOf("team/unrelated")).isEmpty();
    assertThat(holds.held("team/unrelated")).isFalse();
  }

  @Test
  void theSecretIsHeldUntilItsLastHolderLetsGo() {
    holds.hold(job("a"), CREDS, true);
    holds.hold(job("b"), CREDS, true);

    assertThat(holds.release(job("a"))).contains(CREDS);
    assertThat(holds.held(CREDS)).isTrue();
    assertThat(holds.release(job("b"))).contains(CREDS);
    assertThat(holds.held(CREDS)).isFalse();
    assertThat(holds.inUse(CREDS)).isFalse();
  }

  @Test
  void releasingWhatIsNotHeldChangesNothing() {
    holds.hold(job("a"), CREDS, true);

    assertThat(holds.release(job("b"))).isEmpty();
    assertThat(holds.release(job("a"))).contains(CREDS);
    assertThat(holds.release(job("a"))).isEmpty();
  }

  @Test
  void holdingAnotherSecretLetsGoOfTheFirst() {
    holds.hold(job("a"), CREDS, true);

    assertThat(holds.hold(job("a"), OTHER, true)).contains(CREDS);
    assertThat(holds.held(CREDS)).isFalse();
    assertThat(holds.holdersOf(OTHER)).containsExactly(job("a"));
    assertThat(holds.hold(job("a"), OTHER, true)).as("the same again").isEmpty();
  }

  @Test
  void theSecretIsInUseWhileOneOfItsHoldersIs() {
    holds.hold(job("reader"), CREDS, false);
    assertThat(holds.inUse(CREDS)).isFalse();

    holds.hold(job("a"), CREDS, true);
    assertThat(holds.inUse(CREDS)).isTrue();

    holds.hold(job("a"), CREDS, false);
    assertThat(holds.inUse(CREDS)).as("its holder calls DLI no more").isFalse();
    assertThat(holds.held(CREDS)).isTrue();
  }

  @Test
  void holdersOfDifferentKindsWithTheSameNameAreApart() {
    SecretHolder connection = new SecretHolder("DliConnection", new ResourceID("a", "team"));
    holds.hold(job("a"), CREDS, true);
    holds.hold(connection, CREDS, false);

    assertThat(holds.holdersOf(CREDS)).containsExactlyInAnyOrder(job("a"), connection);
    holds.release(job("a"));
    assertThat(holds.holds(connection)).isTrue();
    assertThat(holds.inUse(CREDS)).isFalse();
  }
}
