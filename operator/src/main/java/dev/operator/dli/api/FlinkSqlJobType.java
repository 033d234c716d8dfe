package dev.operator.dli.api;

/** DLI's Flink SQL job types, spelled as DLI spells them. */
public enum FlinkSqlJobType {
  flink_opensource_sql_job,
  flink_sql_job
}
