package dev.operator.dli.reconciler;

import dev.operator.dli.api.ConnectionSpec;
import dev.operator.dli.api.DliConnectionStatus;
import dev.operator.dli.connection.Connection;
import dev.operator.dli.connection.ConnectionHealth;
import dev.operator.dli.connection.ConnectionResolver;
import dev.operator.dli.connection.ConnectionResource;
import dev.operator.dli.connection.ConnectionStatuses;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a connection resource's status true: checks its credentials with one DLI read when the
 * connection appears or changes (a new connection object: a new spec or Secret), then shows what
 * its own calls say, the budget now and the jobs it follows. It looks every few seconds and writes
 * only what changed, never per call.
 *
 * <p>The resource carries the finalizer {@value #IN_USE} as Kubernetes' pvc-protection keeps a
 * volume claim in use: deleting it waits until no DliJob that may still call DLI names it, so that
 * a namespace deleted with running DliJobs still cancels them.
 */
abstract class ConnectionStatusReconciler<
        R extends CustomResource<? extends ConnectionSpec, DliConnectionStatus>>
    implements Reconciler<R>, Cleaner<R> {
  static final String IN_USE = "dli.operator.dev/in-use";
  static final Duration WHILE_CHECKING = Duration.ofSeconds(2);
  static final Duration RECHECK_UNREACHABLE = Duration.ofSeconds(30);
  static final Duration LOOK_AGAIN = Duration.ofSeconds(10);
  static final Duration WHILE_IN_USE = Duration.ofSeconds(2);

  private record Checked(Connection connection, Instant at) {}

  private final DliJobReconciler jobs;
  private final Clock clock;
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  /**
   * @param jobs the DliJobs' reconciler: its resolver opens the connection, its cache says who uses
   *     it
   */
  ConnectionStatusReconciler(DliJobReconciler jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    ConnectionResolver connections = jobs.connections();
    if (connections == null) {
      return UpdateControl.<R>noUpdate().rescheduleAfter(WHILE_CHECKING); // not prepared yet
    }
    String uid = resource.getMetadata().getUid();
    Instant now = clock.instant();
    ConnectionResolver.Resolved opened = connections.open(resource);
    Connection connection = opened.connection();
    ConnectionHealth.Snapshot health =
        connection == null
            ? new ConnectionHealth.Snapshot(new ConnectionHealth.Verdict.Unchecked(), null)
            : connection.health().snapshot();
    if (connection == null) {
      checked.remove(uid);
    } else if (needsCheck(checked.get(uid), connection, health, now)) {
      checked.put(uid, new Checked(connection, now));
      connection.checkCredentials();
    }
    String problem = opened.stall() == null ? null : opened.stall().message();
    DliConnectionStatus next =
        ConnectionStatuses.next(
            resource.getStatus(),
            resource.getMetadata().getGeneration(),
            health,
            problem,
            connection == null ? 0 : connection.client().budget().rate(),
            (int) jobs.usingConnection(keyOf(resource)).count(),
            now);
    Duration again =
        health.verdict() instanceof ConnectionHealth.Verdict.Unchecked && problem == null
            ? WHILE_CHECKING
            : LOOK_AGAIN;
    if (sameJson(resource.getStatus(), next)) {
      return UpdateControl.<R>noUpdate().rescheduleAfter(again);
    }
    resource.setStatus(next);
    return UpdateControl.patchStatus(resource).rescheduleAfter(again);
  }

  /** Deleted: the finalizer goes once no DliJob that may still call DLI names the connection. */
  @Override
  public DeleteControl cleanup(R resource, Context<R> context) {
    if (jobs.connections() == null || jobs.usingConnection(keyOf(resource)).findAny().isPresent()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(WHILE_IN_USE);
    }
    checked.remove(resource.getMetadata().getUid());
    jobs.connections().closed(resource);
    return DeleteControl.defaultDelete();
  }

  private static String keyOf(HasMetadata resource) {
    return ConnectionResource.of(resource).target().key();
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
