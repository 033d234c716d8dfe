package dev.operator.dli.api;

/** A Flink checkpoint mode; DLI codes them 1 and 2. */
public enum FlinkCheckpointMode {
  ExactlyOnce(1),
  AtLeastOnce(2);

  private final int dliCode;

  FlinkCheckpointMode(int dliCode) {
    this.dliCode = dliCode;
  }

  public int dliCode() {
    return dliCode;
  }
}
