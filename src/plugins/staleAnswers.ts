import type { Plugin } from '@envelop/core';
import type { ExecutionResult } from 'graphql';
import type { RequestContext } from '../context.js';

/**
 * Marks an answer that used cache entries past their time-to-live (their registry could not be
 * read): `extensions.stale` says so, with the age of the oldest, in seconds since it was read.
 */
export function useStaleAnswers(): Plugin<RequestContext> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const { ageSeconds } = (args.contextValue as RequestContext).staleness;
          if (ageSeconds === null) return;
          const answer = result as ExecutionResult;
          setResult({ ...answer, extensions: { ...answer.extensions, stale: { ageSeconds } } });
        },
      };
    },
  };
}
