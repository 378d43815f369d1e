import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context.js';

/**
 * Marks an answer that used cache entries past their time-to-live (their registry could not be
 * read): `extensions.stale` says so, with the age of the oldest, in seconds since it was read.
 */
export function useStaleAnswers(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const { ageSeconds } = contextValue.staleness;
          if (ageSeconds === null || response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          singleResult.extensions = { ...singleResult.extensions, stale: { ageSeconds } };
        },
      };
    },
  };
}
