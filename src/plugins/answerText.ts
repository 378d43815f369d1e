import type { ExecutionResult } from 'graphql';

/**
 * An answer without errors, already written as its JSON text. The audit trail writes an answer so
 * before waiting for its record's commit: while it waits, the answer is then one string instead of
 * the objects graphql-jit built for it, which die young instead of being copied by every scavenge
 * the wait meets and promoted to the old generation (a hundred citizens with their documents are
 * thousands of objects).
 */
export class AnswerText {
  // What graphql-http and the gateway's engine look for on an execution's result: nothing went wrong.
  readonly errors = undefined;

  private constructor(readonly json: string) {}

  static of(answer: ExecutionResult): AnswerText {
    return new AnswerText(JSON.stringify(answer));
  }
}
