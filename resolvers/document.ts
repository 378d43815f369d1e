import type { RequestContext } from '../src/context.js';
import { addDays } from '../src/dates.js';
import { isDrivingLicence, standingOn, type Citizen, type ExpiringDocument, type IdentityDocument } from '../src/domain.js';
import { positionOf } from '../src/listings/index.js';
import { afterDocument, documentCursor, integerIn, MAX_EXPIRY_WINDOW_DAYS, municipalityCode, pageSize } from './arguments.js';

/** The holder of any document, through the request's citizen loader. */
export function holderOf(document: ExpiringDocument, _: unknown, context: RequestContext): Promise<Citizen | null> {
  return context.loaders.citizenByPersonalNumber.load(document.holderPersonalNumber);
}

export const documentResolvers = {
  Query: {
    expiringDocuments: async (
      _: unknown,
      args: { withinDays: number; municipalityCode?: number | null; first?: number | null; after?: string | null },
      context: RequestContext,
    ) => {
      const withinDays = integerIn('withinDays', args.withinDays, 0, MAX_EXPIRY_WINDOW_DAYS);
      const page = await context.listings.expiringDocuments({
        from: context.today,
        to: addDays(context.today, withinDays),
        municipalityCode: municipalityCode('municipalityCode', args.municipalityCode),
        after: afterDocument(args.after),
        first: pageSize(args.first),
      });
      const last = page.items[page.items.length - 1];
      return { nodes: page.items, pageInfo: { endCursor: last ? documentCursor(positionOf(last)) : null, hasNextPage: page.hasMore } };
    },
  },

  Document: {
    __resolveType: (document: ExpiringDocument) => (isDrivingLicence(document) ? 'DrivingLicence' : 'IdentityDocument'),
  },

  Citizen: {
    documents: (citizen: Citizen, _: unknown, context: RequestContext) => context.loaders.documentsByHolder.load(citizen.personalNumber),
    hasValidIdentityDocument: async (citizen: Citizen, _: unknown, context: RequestContext) => {
      const documents = await context.loaders.documentsByHolder.load(citizen.personalNumber);
      return documents.some((document) => standingOn(document.status, document.expiresOn, context.today) === 'VALID');
    },
  },

  IdentityDocument: {
    status: (document: IdentityDocument, _: unknown, context: RequestContext) => standingOn(document.status, document.expiresOn, context.today),
    holder: holderOf,
  },
};
