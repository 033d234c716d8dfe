package dev.operator.dli.lifecycle;

/**
 * The answer of a DLI call that one pass handed over and a later pass folds into the status: one
 * type per call, so that taking an answer needs no cast and no second word for what the call was.
 */
public sealed interface Answer
    permits Submission, Lookup, CancelAnswer, DefinitionDeletion, Suspension {}
