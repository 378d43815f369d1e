import { residenceOn } from '../src/domain.js';
import type { Resolvers } from './types.generated.js';

export const residenceResolvers: Resolvers = {
  Citizen: {
    addressOn: async (citizen, args, context) => {
      const residence = residenceOn(await context.loaders.residencesByPerson.load(citizen.personalNumber), args.date);
      return residence === null ? null : context.loaders.addressById.load(residence.addressId);
    },
    residenceHistory: (citizen, _, context) => context.loaders.residencesByPerson.load(citizen.personalNumber),
  },

  Residence: {
    address: (residence, _, context) => context.loaders.addressById.load(residence.addressId),
    resident: (residence, _, context) => context.loaders.citizenByPersonalNumber.load(residence.personalNumber),
  },
};
