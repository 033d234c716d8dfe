package dev.operator.dli.lifecycle;

/** Something only a human can fix, found in this pass: it makes the resource Stalled. */
public record Stall(StallReason reason, String message) {}
