import type { RequestContext } from '../src/context.js';
import type { Address, Settlement } from '../src/domain.js';
import { addressId, afterCitizen, integerIn, pageSize } from './arguments.js';
import { citizenPage } from './citizen.js';

export const addressResolvers = {
  Query: {
    address: (_: unknown, args: { id: string }, context: RequestContext) => context.loaders.addressById.load(addressId(args.id)),
    municipality: (_: unknown, args: { code: number }, context: RequestContext) =>
      context.loaders.municipalityByCode.load(integerIn('code', args.code, 1, 9999)),
    municipalities: (_: unknown, __: unknown, context: RequestContext) => context.listings.municipalities(),
  },

  Address: {
    settlement: (address: Address, _: unknown, context: RequestContext) => context.loaders.settlementById.load(address.settlementId),
    municipality: (address: Address, _: unknown, context: RequestContext) => context.loaders.municipalityByCode.load(address.municipalityCode),
    residents: async (address: Address, args: { first?: number | null; after?: string | null }, context: RequestContext) => {
      const first = pageSize(args.first);
      const after = afterCitizen(args.after);
      // Residents come in personal-number order, so the page starts after the cursor's number.
      const residents = await context.loaders.residentsByAddress.load(address.id);
      const rest = after === null ? residents : residents.filter((resident) => resident.personalNumber > after);
      return citizenPage(rest.slice(0, first), rest.length > first);
    },
  },

  Settlement: {
    municipality: (settlement: Settlement, _: unknown, context: RequestContext) =>
      context.loaders.municipalityByCode.load(settlement.municipalityCode),
  },
};
