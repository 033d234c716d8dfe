package dev.operator.dli.api;

/** The two kinds a DliJob's connectionRef can name. */
public enum ConnectionKind {
  DliConnection,
  ClusterDliConnection
}
