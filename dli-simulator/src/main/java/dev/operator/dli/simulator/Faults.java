package dev.operator.dli.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The faults in force; each request is hit by at most one of them, the first that fires. */
public final class Faults {
  private static final class Active {
    final FaultRule rule;
    int remaining;

    Active(FaultRule rule) {
      this.rule = rule;
      this.remaining = rule.count() == null ? Integer.MAX_VALUE : rule.count();
    }
  }

  private final List<Active> active = new ArrayList<>();

  public synchronized void set(List<FaultRule> rules) {
    active.clear();
    rules.forEach(this::add);
  }

  public synchronized void add(FaultRule rule) {
    if (rule.type() == null) {
      throw new IllegalArgumentException(
          "a fault needs a type: " + List.of(FaultRule.Type.values()));
    }
    active.add(new Active(rule));
  }

  public synchronized void clear() {
    active.clear();
  }

  public synchronized List<FaultRule> rules() {
    return active.stream().filter(a -> a.remaining > 0).map(a -> a.rule).toList();
  }

  /** The largest {@code latencyMillis} of the settings of this type in force, 0 when none is. */
  synchronized long settingMillis(FaultRule.Type type) {
    return active.stream()
        .filter(a -> a.rule.type() == type && a.rule.latencyMillis() != null)
        .mapToLong(a -> a.rule.latencyMillis())
        .max()
        .orElse(0);
  }

  /**
   * The {@code submitDelay} setting: the job exists, the answer is late (a lost answer, when the
   * client gives up).
   */
  void delaySubmitAnswer() {
    long millis = settingMillis(FaultRule.Type.submitDelay);
    if (millis > 0) {
      sleep(millis);
    }
  }

  /**
   * Holds a request's thread for a delaying fault; an interrupt (the simulator closing) ends it.
   */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The {@code listLag} setting: list calls see only jobs created at least this long ago. */
  Instant listedUpTo(Instant now) {
    return now.minusMillis(settingMillis(FaultRule.Type.listLag));
  }

  /**
   * Takes one hit of a fault that the API carries out itself ({@code stopFails}): whether one of
   * that type matches and has hits left.
   */
  synchronized boolean take(FaultRule.Type type, String method, String path) {
    return take(type, method, path, "");
  }

  /**
   * Takes one hit of a {@code failRun}: whether the submit with this body is one whose job ends
   * failed.
   */
  boolean failsRun(String method, String path, String body) {
    return take(FaultRule.Type.failRun, method, path, body);
  }

  private synchronized boolean take(FaultRule.Type type, String method, String path, String body) {
    for (Active a : active) {
      if (a.rule.type() == type
          && a.remaining > 0
          && a.rule.matches(method, path)
          && (a.rule.bodyContains() == null || body.contains(a.rule.bodyContains()))) {
        a.remaining--;
        return true;
      }
    }
    return false;
  }

  synchronized Optional<FaultRule> pick(String method, String path) {
    for (Active a : active) {
      if (a.rule.type().isSetting()) {
        continue;
      }
      double rate = a.rule.rate() == null ? 1.0 : a.rule.rate();
      if (a.remaining > 0
          && a.rule.matches(method, path)
          && ThreadLocalRandom.current().nextDouble() < rate) {
        a.remaining--;
        return Optional.of(a.rule);
      }
    }
    return Optional.empty();
  }
}
