import { addressId, afterCitizen, integerIn, pageSize } from './arguments.js';
import { citizenPage } from './citizen.js';
import type { Resolvers } from './types.generated.js';

export const addressResolvers: Resolvers = {
  Query: {
    address: (_, args, context) => context.loaders.addressById.load(addressId(args.id)),
    municipality: (_, args, context) => context.loaders.municipalityByCode.load(integerIn('code', args.code, 1, 9999)),
    municipalities: (_, __, context) => context.listings.municipalities(),
  },

  Address: {
    settlement: (address, _, context) => context.loaders.settlementById.load(address.settlementId),
    municipality: (address, _, context) => context.loaders.municipalityByCode.load(address.municipalityCode),
    residents: async (address, args, context) => {
      const first = pageSize(args.first);
      const after = afterCitizen(context.cursors, args.after);
      // Residents come in personal-number order, so the page starts after the cursor's number.
      const residents = await context.loaders.residentsByAddress.load(address.id);
      const rest = after === null ? residents : residents.filter((resident) => resident.personalNumber > after);
      return citizenPage(context, rest.slice(0, first), rest.length > first);
    },
  },

  Settlement: {
    municipality: (settlement, _, context) => context.loaders.municipalityByCode.load(settlement.municipalityCode),
  },
};
