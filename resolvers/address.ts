import { badArgument } from '../src/errors.js';
import type { AddressSearch } from '../src/sources/index.js';
import { addressCursor, addressId, afterAddress, afterCitizen, integerIn, listOf, municipalityCode, pageInfoOf, pageSize, postalCode, streetPrefix } from './arguments.js';
import { citizenPage } from './citizen.js';
import type { Resolvers } from './types.generated.js';

export const addressResolvers: Resolvers = {
  Query: {
    address: (_, args, context) => context.loaders.addressById.load(addressId(args.id)),
    addresses: async (_, args, context) => {
      const search: AddressSearch = {
        streetPrefix: streetPrefix(args.filter.street),
        settlementId: args.filter.settlementId === null || args.filter.settlementId === undefined ? undefined : integerIn('filter.settlementId', args.filter.settlementId, 1, 999_999),
        municipalityCode: municipalityCode('filter.municipalityCode', args.filter.municipalityCode),
        postalCode: postalCode(args.filter.postalCode),
      };
      if (Object.values(search).every((criterion) => criterion === undefined)) {
        throw badArgument('filter', 'give at least one of street, settlementId, municipalityCode, postalCode');
      }
      const first = pageSize(args.first);
      const list = listOf('addresses', search);
      const page = await context.listings.searchAddresses(search, afterAddress(context.cursors, list, args.after), first);
      return { nodes: page.items, pageInfo: pageInfoOf(page.items, page.hasMore, (last) => addressCursor(context.cursors, list, last.id)) };
    },
    municipality: (_, args, context) => context.loaders.municipalityByCode.load(integerIn('code', args.code, 1, 9999)),
    municipalities: (_, __, context) => context.listings.municipalities(),
  },

  Address: {
    settlement: (address, _, context) => context.loaders.settlementById.load(address.settlementId),
    municipality: (address, _, context) => context.loaders.municipalityByCode.load(address.municipalityCode),
    residents: async (address, args, context) => {
      const first = pageSize(args.first);
      const list = listOf('Address.residents', address.id);
      const after = afterCitizen(context.cursors, list, args.after);
      // Residents come in personal-number order, so the page starts after the cursor's number.
      const residents = await context.loaders.residentsByAddress.load(address.id);
      const rest = after === null ? residents : residents.filter((resident) => resident.personalNumber > after);
      return citizenPage(context, list, rest.slice(0, first), rest.length > first);
    },
  },

  Settlement: {
    municipality: (settlement, _, context) => context.loaders.municipalityByCode.load(settlement.municipalityCode),
  },
};
