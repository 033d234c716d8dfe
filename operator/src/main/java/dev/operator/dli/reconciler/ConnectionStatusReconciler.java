package dev.operator.dli.reconciler;

import dev.operator.dli.api.ConnectionSpec;
import dev.operator.dli.api.DliConnectionStatus;
import dev.operator.dli.connection.Connection;
import dev.operator.dli.connection.ConnectionHealth;
import dev.operator.dli.connection.ConnectionStatuses;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a connection's status true: checks its credentials with one DLI read when the connection
 * appears or changes (a new connection object: a new spec or Secret), then shows what its own calls
 * say, the budget now and the jobs it follows. It looks every few seconds and writes only what
 * changed, never per call.
 */
abstract class ConnectionStatusReconciler<
        R extends CustomResource<? extends ConnectionSpec, DliConnectionStatus>>
    implements Reconciler<R> {
  /** A connection's open connection to DLI, or why there is none (safe to show). */
  record Opened(Connection connection, String problem) {}

  /** What the status needs from the resolver. */
  interface Lookup<R> {
    Opened open(R resource);

    int jobsOn(R resource);
  }

  static final Duration WHILE_CHECKING = Duration.ofSeconds(2);
  static final Duration RECHECK_UNREACHABLE = Duration.ofSeconds(30);
  static final Duration LOOK_AGAIN = Duration.ofSeconds(10);

  private record Checked(Connection connection, Instant at) {}

  private final Lookup<R> lookup;
  private final Clock clock;
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  ConnectionStatusReconciler(Lookup<R> lookup, Clock clock) {
    this.lookup = lookup;
    this.clock = clock;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    String uid = resource.getMetadata().getUid();
    if (context.isPrimaryResourceDeleted() || context.isPrimaryResourceFinalStateUnknown()) {
      checked.remove(uid);
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    Opened opened = lookup.open(resource);
    ConnectionHealth.Snapshot health =
        opened.connection() == null
            ? new ConnectionHealth.Snapshot(new ConnectionHealth.Verdict.Unchecked(), null)
            : opened.connection().health().snapshot();
    if (opened.connection() == null) {
      checked.remove(uid);
    } else if (needsCheck(checked.get(uid), opened.connection(), health, now)) {
      checked.put(uid, new Checked(opened.connection(), now));
      opened.connection().checkCredentials();
    }
    DliConnectionStatus next =
        ConnectionStatuses.next(
            resource.getStatus(),
            resource.getMetadata().getGeneration(),
            health,
            opened.problem(),
            opened.connection() == null ? 0 : opened.connection().client().budget().rate(),
            lookup.jobsOn(resource),
            now);
    Duration again =
        health.verdict() instanceof ConnectionHealth.Verdict.Unchecked && opened.problem() == null
            ? WHILE_CHECKING
            : LOOK_AGAIN;
    if (sameJson(resource.getStatus(), next)) {
      return UpdateControl.<R>noUpdate().rescheduleAfter(again);
    }
    resource.setStatus(next);
    return UpdateControl.patchStatus(resource).rescheduleAfter(again);
  }

  /** A new connection object is checked once; one DLI did not answer is checked again later. */
  private static boolean needsCheck(
      Checked last, Connection connection, ConnectionHealth.Snapshot health, Instant now) {
    if (last == null || last.connection() != connection) {
      return true;
    }
    return health.verdict() instanceof ConnectionHealth.Verdict.Unreachable
        && !now.isBefore(last.at().plus(RECHECK_UNREACHABLE));
  }

  private static boolean sameJson(Object a, Object b) {
    return Serialization.jsonMapper()
        .valueToTree(a)
        .equals(Serialization.jsonMapper().valueToTree(b));
  }
}
