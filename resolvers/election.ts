import { voterPosition } from '../src/domain.js';
import { badArgument } from '../src/errors.js';
import { afterVoter, integerIn, pageSize, voterCursor } from './arguments.js';
import type { Resolvers } from './types.generated.js';

export const electionResolvers: Resolvers = {
  Query: {
    electoralRoll: async (_, args, context) => {
      const municipalityCode = integerIn('municipalityCode', args.municipalityCode, 1, 9999);
      if (args.electionDay < args.cutOffDate) throw badArgument('electionDay', 'the election day cannot come before the cut-off date');
      const after = afterVoter(context.cursors, args.after);
      const first = pageSize(args.first);
      if ((await context.loaders.municipalityByCode.load(municipalityCode)) === null) throw badArgument('municipalityCode', 'no municipality has this code');
      const query = { municipalityCode, cutOffDate: args.cutOffDate, electionDay: args.electionDay };
      return { query, ...(await context.listings.electoralRoll(query, after, first)) };
    },
  },

  VoterConnection: {
    totalCount: (page, _, context) => context.listings.electoralRollSize(page.query),
    pageInfo: (page, _, context) => {
      const last = page.items[page.items.length - 1];
      return { endCursor: last ? voterCursor(context.cursors, voterPosition(last)) : null, hasNextPage: page.hasMore };
    },
    nodes: (page) => page.items,
  },

  Voter: {
    address: (voter, _, context) => context.loaders.addressById.load(voter.rollAddressId),
  },
};
