package dev.operator.dli.api;

/** Why a cancel was asked for. */
public enum CancelReason {
  Requested,
  ResourceDeleted,
  DeadlineExceeded
}
