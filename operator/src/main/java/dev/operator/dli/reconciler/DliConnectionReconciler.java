package dev.operator.dli.reconciler;

import dev.operator.dli.api.DliConnection;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;

/** A team's DliConnection: its status and its in-use finalizer. */
@ControllerConfiguration(name = "dliconnection", finalizerName = ConnectionStatusReconciler.IN_USE)
public final class DliConnectionReconciler extends ConnectionStatusReconciler<DliConnection> {
  public DliConnectionReconciler(DliJobReconciler jobs, Clock clock) {
    super(jobs, clock);
  }
}
