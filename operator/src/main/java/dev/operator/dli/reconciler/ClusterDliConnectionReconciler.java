package dev.operator.dli.reconciler;

import dev.operator.dli.api.ClusterDliConnection;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;

/** A platform team's ClusterDliConnection: its status and its in-use finalizer. */
@ControllerConfiguration(
    name = "clusterdliconnection",
    finalizerName = ConnectionStatusReconciler.IN_USE)
public final class ClusterDliConnectionReconciler
    extends ConnectionStatusReconciler<ClusterDliConnection> {
  public ClusterDliConnectionReconciler(DliJobReconciler jobs, Clock clock) {
    super(jobs, clock);
  }
}
