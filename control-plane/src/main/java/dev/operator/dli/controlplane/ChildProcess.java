package dev.operator.dli.controlplane;

import io.fabric8.kubeapitest.Utils;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control-plane binary run as a child process: its output goes to the logger {@code
 * <owner>.output}, and an exit that {@link #stop} did not ask for is logged and reported, so that
 * the control plane stops as a whole rather than half-working.
 */
final class ChildProcess {
  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

  private final String name;
  private final Process process;
  private volatile boolean stopping;

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static ChildProcess start(
      String name, List<String> command, Class<?> owner, Runnable onUnexpectedExit)
      throws IOException {
    ChildProcess child = new ChildProcess(name, new ProcessBuilder(command).start());
    Logger output = LoggerFactory.getLogger(owner.getName() + ".output");
    Utils.redirectProcessOutputToLogger(child.process.getInputStream(), output);
    Utils.redirectProcessOutputToLogger(child.process.getErrorStream(), output);
    child
        .process
        .onExit()
        .thenAccept(
            p -> {
              if (!child.stopping) {
                log.error("{} stopped unexpectedly (exit {})", name, p.exitValue());
                onUnexpectedExit.run();
              }
            });
    return child;
  }

  /** Asks it to stop and waits; kills it if it is still there after the grace period. */
  void stop(long graceSeconds) throws InterruptedException {
    stopping = true;
    if (graceSeconds > 0) {
      process.destroy();
      if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        return;
      }
    }
    process.destroyForcibly().waitFor();
  }
}
