package dev.operator.dli.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.reconciler.InUseFinalizer.Change;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InUseFinalizerTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // in use, carries the finalizer, being deleted, used by a resource not looked at yet
        Arguments.of(true, false, false, false, Change.ADD),
        Arguments.of(true, true, false, false, Change.NONE),
        Arguments.of(true, false, true, false, Change.NONE), // no new finalizer on a deletion
        Arguments.of(true, true, true, false, Change.NONE), // kept until its last user lets go
        Arguments.of(false, true, false, false, Change.REMOVE),
        Arguments.of(false, true, true, false, Change.REMOVE), // its deletion can finish
        Arguments.of(false, true, true, true, Change.NONE), // after a restart, not looked at yet
        Arguments.of(false, false, false, false, Change.NONE),
        Arguments.of(false, false, false, true, Change.NONE));
  }

  @ParameterizedTest(name = "in use {0}, carries {1}, deleted {2}, used by others {3}: {4}")
  @MethodSource("cases")
  void theFinalizerFollowsItsUse(
      boolean inUse, boolean carries, boolean deleted, boolean usedByOthers, Change change) {
    SecretBuilder secret = new SecretBuilder().withNewMetadata().withName("creds").endMetadata();
    if (carries) {
      secret.editMetadata().addToFinalizers(InUseFinalizer.NAME).endMetadata();
    }
    if (deleted) {
      secret.editMetadata().withDeletionTimestamp("2026-12-03T08:00:00Z").endMetadata();
    }
    assertThat(InUseFinalizer.needed(inUse, secret.build(), () -> usedByOthers)).isEqualTo(change);
  }

  @ParameterizedTest(name = "in use {0}: a Secret that is gone needs nothing")
  @MethodSource("booleans")
  void aSecretThatIsGoneNeedsNothing(boolean inUse) {
    assertThat(InUseFinalizer.needed(inUse, (Secret) null, () -> false)).isEqualTo(Change.NONE);
  }

  static Stream<Boolean> booleans() {
    return Stream.of(true, false);
  }
}
