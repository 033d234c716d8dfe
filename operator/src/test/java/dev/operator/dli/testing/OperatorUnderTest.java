package dev.operator.dli.testing;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.runtime.DliOperator;
import dev.operator.dli.runtime.OperatorConfig;
import dev.operator.dli.simulator.DliSimulator;
import dev.operator.dli.simulator.SimulatorConfig;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole product on a real control plane: the CRDs, a DLI simulator with its connection Secret
 * as the default connection, and the operator running in this JVM with short poll intervals.
 */
public final class OperatorUnderTest implements BeforeAllCallback, AfterAllCallback {
  public static final String SYSTEM_NAMESPACE = "dli-system";
  public static final String DEFAULT_SECRET = "dli-credentials";
  public static final Duration WAIT = Wait.BOUND;

  private final ControlPlane controlPlane = new ControlPlane();
  private final Duration cancelTakes;
  private final AtomicReference<Runnable> afterSubmit = new AtomicReference<>(() -> {});
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ShiftableClock cronClock = new ShiftableClock();
  private DliSimulator simulator;
  private DliOperator operator;

  public OperatorUnderTest() {
    this(Duration.ofMillis(200));
  }

  /**
   * @param cancelTakes how long a simulated job takes to end after DLI accepted its cancel
   */
  public OperatorUnderTest(Duration cancelTakes) {
    this.cancelTakes = cancelTakes;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    controlPlane.beforeAll(context);
    controlPlane.installCrds();
    simulator =
        DliSimulator.start(
            SimulatorConfig.defaults()
                .withDurations(Duration.ofMillis(100), Duration.ofMillis(500), cancelTakes));
    client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(SYSTEM_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    client()
        .resource(
            connectionSecret(SYSTEM_NAMESPACE, DEFAULT_SECRET, simulator.config().secretKey()))
        .create();
    startOperator();
  }

  /** Starts the operator (again, after {@link #stopOperator()}) and waits until it is ready. */
  public void startOperator() {
    OperatorConfig config =
        TestSettings.fastOperator(SYSTEM_NAMESPACE + "/" + DEFAULT_SECRET)
            .concurrency(4)
            .instance("test-operator")
            .cronClock(cronClock)
            .build();
    operator = new DliOperator(client(), config, metrics, () -> afterSubmit.get().run()).start();
    Wait.until("the operator is ready", operator::ready);
  }

  /** Stops the operator: DliJobs stay as they are until {@link #startOperator()}. */
  public void stopOperator() {
    operator.close();
    operator = null;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    controlPlane.afterAll(context);
  }

  public KubernetesClient client() {
    return controlPlane.admin();
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public DliSimulator simulator() {
    return simulator;
  }

  public SimpleMeterRegistry metrics() {
    return metrics;
  }

  /** The clock the operator's DliCronJobs read, for tests to move forward. */
  public ShiftableClock cronClock() {
    return cronClock;
  }

  /** Runs once right after the next submit calls, before the job ID is recorded, then resets. */
  public void onNextSubmit(Runnable action) {
    afterSubmit.set(
        () -> {
          afterSubmit.set(() -> {});
          action.run();
        });
  }

  /**
   * A connection Secret for the simulator, with the given secret key (a wrong one simulates revoked
   * credentials).
   */
  public Secret connectionSecret(String namespace, String name, String secretKey) {
    return TestSettings.simulatorSecret(simulator, namespace, name, secretKey);
  }

  /** Sets spec.cancel, as a user would. */
  public void cancel(String namespace, String name) {
    patchSpec(namespace, name, "{\"cancel\": true}");
  }

  /**
   * Merges these spec fields as {@code kubectl patch --type merge} does: without a resourceVersion,
   * so that the operator's status writes meanwhile cannot make it conflict.
   */
  public void patchSpec(String namespace, String name, String specJson) {
    client()
        .resources(DliJob.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
  }

  public void delete(String namespace, String name) {
    client().resources(DliJob.class).inNamespace(namespace).withName(name).delete();
  }

  public DliJob waitFor(String namespace, String name, Predicate<DliJob> condition) {
    return client()
        .resources(DliJob.class)
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(
            job -> job != null && condition.test(job), WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  public void waitGone(String namespace, String name) {
    client()
        .resources(DliJob.class)
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(Objects::isNull, WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Events are recorded after the status they describe: wait for them too. */
  public List<Event> waitForEvents(
      String namespace, String name, Predicate<List<Event>> condition) {
    try {
      Wait.until(
          "Events on " + namespace + "/" + name, () -> condition.test(events(namespace, name)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage()
              + "; there are: "
              + events(namespace, name).stream()
                  .map(ev -> ev.getReason() + ": " + ev.getMessage())
                  .toList(),
          e);
    }
    return events(namespace, name);
  }

  public List<Event> events(String namespace, String name) {
    return client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
