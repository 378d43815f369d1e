import type { RequestContext } from '../src/context.js';
import { addDays } from '../src/dates.js';
import { isDrivingLicence, standingOn } from '../src/domain.js';
import { positionOf } from '../src/listings/index.js';
import { afterDocument, documentCursor, documentNumber, integerIn, listOf, MAX_EXPIRY_WINDOW_DAYS, municipalityCode, pageInfoOf, pageSize } from './arguments.js';
import type { Maybe, Resolver, Resolvers, ResolversParentTypes, ResolversTypes } from './types.generated.js';

/** The holder of any document, through the request's citizen loader. */
export const holderOf: Resolver<Maybe<ResolversTypes['Citizen']>, ResolversParentTypes['Document'], RequestContext> = (document, _, context) =>
  context.loaders.citizenByPersonalNumber.load(document.holderPersonalNumber);

export const documentResolvers: Resolvers = {
  Query: {
    identityDocument: (_, args, context) => context.loaders.identityDocumentByNumber.load(documentNumber(args.number)),
    verifyIdentityDocument: async (_, args, context) => {
      const number = documentNumber(args.number);
      const document = await context.loaders.identityDocumentByNumber.load(number);
      const ownDocument = document?.holderPersonalNumber === args.personalNumber ? document : null;
      return { personalNumber: args.personalNumber, number, checkedOn: args.on ?? context.today, ownDocument };
    },
    expiringDocuments: async (_, args, context) => {
      const withinDays = integerIn('withinDays', args.withinDays, 0, MAX_EXPIRY_WINDOW_DAYS);
      const inMunicipality = municipalityCode('municipalityCode', args.municipalityCode);
      const list = listOf('expiringDocuments', withinDays, inMunicipality ?? null);
      const page = await context.listings.expiringDocuments({
        from: context.today,
        to: addDays(context.today, withinDays),
        municipalityCode: inMunicipality,
        after: afterDocument(context.cursors, list, args.after),
        first: pageSize(args.first),
      });
      return { nodes: page.items, pageInfo: pageInfoOf(page.items, page.hasMore, (last) => documentCursor(context.cursors, list, positionOf(last))) };
    },
  },

  Document: {
    __resolveType: (document) => (isDrivingLicence(document) ? 'DrivingLicence' : 'IdentityDocument'),
  },

  Citizen: {
    documents: (citizen, _, context) => context.loaders.documentsByHolder.load(citizen.personalNumber),
    hasValidIdentityDocument: async (citizen, _, context) => {
      const documents = await context.loaders.documentsByHolder.load(citizen.personalNumber);
      return documents.some((document) => standingOn(document.status, document.expiresOn, context.today) === 'VALID');
    },
  },

  IdentityDocumentCheck: {
    belongsToPerson: (check) => check.ownDocument !== null,
    validOn: ({ ownDocument, checkedOn }) =>
      ownDocument !== null &&
      (ownDocument.issuedOn === null || ownDocument.issuedOn <= checkedOn) &&
      standingOn(ownDocument.status, ownDocument.expiresOn, checkedOn) === 'VALID',
    status: ({ ownDocument }, _, context) => (ownDocument === null ? null : standingOn(ownDocument.status, ownDocument.expiresOn, context.today)),
  },

  IdentityDocument: {
    status: (document, _, context) => standingOn(document.status, document.expiresOn, context.today),
    holder: holderOf,
  },
};
