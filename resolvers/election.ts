import { voterPosition } from '../src/domain.js';
import { checkedRollQuery, type ElectoralRollQuery } from '../src/listings/index.js';
import { afterVoter, integerIn, listOf, pageInfoOf, pageSize, voterCursor } from './arguments.js';
import type { Resolvers } from './types.generated.js';

export const electionResolvers: Resolvers = {
  Query: {
    electoralRoll: async (_, args, context) => {
      const municipalityCode = integerIn('municipalityCode', args.municipalityCode, 1, 9999);
      const after = afterVoter(context.cursors, rollList({ municipalityCode, cutOffDate: args.cutOffDate, electionDay: args.electionDay }), args.after);
      const first = pageSize(args.first);
      const query = await checkedRollQuery({ municipalityCode, cutOffDate: args.cutOffDate, electionDay: args.electionDay }, (code) => context.loaders.municipalityByCode.load(code));
      return { query, ...(await context.listings.electoralRoll(query, after, first)) };
    },
  },

  VoterConnection: {
    totalCount: (page, _, context) => context.listings.electoralRollSize(page.query),
    pageInfo: (page, _, context) => pageInfoOf(page.items, page.hasMore, (last) => voterCursor(context.cursors, rollList(page.query), voterPosition(last))),
    nodes: (page) => page.items,
  },

  Voter: {
    address: (voter, _, context) => context.loaders.addressById.load(voter.rollAddressId),
  },
};

// The roll a cursor pages: of one municipality, for one election.
function rollList({ municipalityCode, cutOffDate, electionDay }: ElectoralRollQuery): string {
  return listOf('electoralRoll', municipalityCode, cutOffDate, electionDay);
}
