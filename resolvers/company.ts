import { badArgument } from '../src/errors.js';
import { loadAll } from '../src/loaders/index.js';
import { businessNumber, MAX_BULK_BUSINESS_NUMBERS } from './arguments.js';
import type { Resolvers } from './types.generated.js';

export const companyResolvers: Resolvers = {
  Query: {
    company: (_, args, context) => context.loaders.companyByNumber.load(businessNumber('businessNumber', args.businessNumber)),
    companies: (_, args, context) => {
      if (args.businessNumbers.length > MAX_BULK_BUSINESS_NUMBERS) {
        throw badArgument('businessNumbers', `at most ${MAX_BULK_BUSINESS_NUMBERS} business numbers per request`);
      }
      return loadAll(context.loaders.companyByNumber, args.businessNumbers.map((number) => businessNumber('businessNumbers', number)));
    },
  },

  Company: {
    seatAddress: (company, _, context) => (company.seatAddressId === null ? null : context.loaders.addressById.load(company.seatAddressId)),
    owners: async (company, _, context) => (await context.loaders.membersOfCompany.load(company.businessNumber))?.owners ?? [],
    representatives: async (company, _, context) => (await context.loaders.membersOfCompany.load(company.businessNumber))?.representatives ?? [],
    vehicles: (company, _, context) => context.loaders.vehiclesOfCompany.load(company.businessNumber),
  },

  CompanyOwnership: {
    person: (owner, _, context) => (owner.personalNumber === null ? null : context.loaders.citizenByPersonalNumber.load(owner.personalNumber)),
    company: (owner, _, context) => (owner.businessNumber === null ? null : context.loaders.companyByNumber.load(owner.businessNumber)),
  },

  CompanyRepresentative: {
    person: (representative, _, context) => context.loaders.citizenByPersonalNumber.load(representative.personalNumber),
  },

  Citizen: {
    companies: async (citizen, _, context) => {
      const [owned, represented] = await Promise.all([
        context.loaders.companiesOwnedBy.load(citizen.personalNumber),
        context.loaders.companiesRepresentedBy.load(citizen.personalNumber),
      ]);
      // Each company once, by business number.
      const companies = new Map([...owned, ...represented].map((company) => [company.businessNumber, company]));
      return [...companies.values()].sort((a, b) => (a.businessNumber < b.businessNumber ? -1 : 1));
    },
  },

  Vehicle: {
    ownerCompany: (vehicle, _, context) => (vehicle.ownerBusinessNumber === null ? null : context.loaders.companyByNumber.load(vehicle.ownerBusinessNumber)),
  },
};
