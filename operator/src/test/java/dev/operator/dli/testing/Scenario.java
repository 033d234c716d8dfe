package dev.operator.dli.testing;

import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.Phase;
import dev.operator.dli.lifecycle.EventReason;
import dev.operator.dli.simulator.DliSimulator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a scenario on the real API server does to DliJobs, as a user would, in one namespace of an
 * {@link OperatorUnderTest}: create, wait for a state, cancel, delete, and expect Events.
 */
public final class Scenario {
  private final OperatorUnderTest operator;
  private final String namespace;

  private Scenario(OperatorUnderTest operator, String namespace) {
    this.operator = operator;
    this.namespace = namespace;
  }

  /** A scenario in a namespace of its own, so that no scenario sees another's leftovers. */
  public static Scenario inNewNamespace(OperatorUnderTest operator, String prefix) {
    return new Scenario(operator, operator.controlPlane().newNamespace(prefix));
  }

  /** A scenario in a namespace that exists already. */
  public static Scenario in(OperatorUnderTest operator, String namespace) {
    return new Scenario(operator, namespace);
  }

  public String namespace() {
    return namespace;
  }

  public DliSimulator sim() {
    return operator.simulator();
  }

  public DliJob create(String name, DliJobFixture fixture) {
    return operator.client().resource(fixture.named(namespace, name).build()).create();
  }

  /** A SQL DliJob with this statement, customized. */
  public DliJob create(String name, String statement, Consumer<DliJobSpec> customize) {
    return create(name, DliJobFixture.sql(statement).with(customize));
  }

  /** Creates the DliJobs, waits until each runs, and returns their DLI job IDs. */
  public List<String> running(
      List<String> names, String statement, Consumer<DliJobSpec> customize) {
    names.forEach(name -> create(name, statement, customize));
    return names.stream()
        .map(name -> waitFor(name, job -> phase(job, Phase.Running)))
        .map(job -> job.getStatus().getJobId())
        .toList();
  }

  /**
   * Deletes the namespace, as a team does (kube-controller-manager's namespace controller deletes
   * everything in it at once), and waits until it is gone.
   */
  public void deleteNamespace(Duration within) {
    operator.client().namespaces().withName(namespace).delete();
    Wait.until(
        "namespace " + namespace + " gone",
        within,
        () -> operator.client().namespaces().withName(namespace).get() == null);
  }

  public DliJob get(String name) {
    return operator.client().resources(DliJob.class).inNamespace(namespace).withName(name).get();
  }

  public DliJob waitFor(String name, Predicate<DliJob> condition) {
    return operator.waitFor(namespace, name, condition);
  }

  public void waitGone(String name) {
    operator.waitGone(namespace, name);
  }

  /** Sets spec.cancel, as a user would. */
  public void cancel(String name) {
    operator.cancel(namespace, name);
  }

  /** Merges these spec fields, as {@code kubectl patch --type merge} does. */
  public void patchSpec(String name, String specJson) {
    operator.patchSpec(namespace, name, specJson);
  }

  public void delete(String name) {
    operator.delete(namespace, name);
  }

  public List<Event> events(String name) {
    return operator.events(namespace, name);
  }

  /** Waits until the Events with these reasons were recorded on the resource. */
  public void expectEvents(String name, EventReason... reasons) {
    List<String> names = Stream.of(reasons).map(EventReason::name).toList();
    operator.waitForEvents(
        namespace,
        name,
        events -> events.stream().map(Event::getReason).toList().containsAll(names));
  }

  public void expectEvent(String name, Predicate<Event> match) {
    operator.waitForEvents(namespace, name, events -> events.stream().anyMatch(match));
  }

  public static boolean phase(DliJob job, Phase phase) {
    return job.getStatus() != null && job.getStatus().getPhase() == phase;
  }

  public static Condition condition(DliJob job, String type) {
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
