package dev.operator.dli.lifecycle;

/** How the deletion of a Flink job's definition ended, before its DliJob goes. */
public sealed interface DefinitionDeletion extends Answer {
  /** The definition is gone, or DLI never knew it. */
  record Deleted() implements DefinitionDeletion {}

  /** The call failed; the failure's cause says whether another call can help. */
  record Refused(CallFailure failure) implements DefinitionDeletion {}
}
