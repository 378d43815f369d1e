import type { RequestContext } from '../src/context.js';
import type { Citizen, FamilyLink } from '../src/domain.js';
import { badArgument } from '../src/errors.js';
import { loadAll } from '../src/loaders/index.js';
import type { CitizenQuery } from '../src/listings/index.js';
import { afterCitizen, citizenCursor, listOf, MAX_BULK_PERSONAL_NUMBERS, municipalityCode, namePrefix, pageInfoOf, pageSize } from './arguments.js';
import type { Resolvers } from './types.generated.js';

/** The age of majority. */
const ADULT_AGE = 18;

/** A connection page of citizens of `list`, as the schema's CitizenConnection. */
export function citizenPage(context: RequestContext, list: string, citizens: Citizen[], hasMore: boolean) {
  return { nodes: citizens, pageInfo: pageInfoOf(citizens, hasMore, (last) => citizenCursor(context.cursors, list, last.personalNumber)) };
}

// Of age from the 18th birthday; one born on 29 February comes of age on 1 March in other years.
function adultOn(dateOfBirth: string | null, day: string): boolean | null {
  if (dateOfBirth === null) return null;
  const comingOfAge = `${String(Number(dateOfBirth.slice(0, 4)) + ADULT_AGE).padStart(4, '0')}${dateOfBirth.slice(4)}`;
  return comingOfAge <= day;
}

async function relative(citizen: Citizen, relation: FamilyLink['relation'], context: RequestContext): Promise<Citizen | null> {
  const links = await context.loaders.familyLinksByPerson.load(citizen.personalNumber);
  const link = links.find((candidate) => candidate.relation === relation);
  return link ? context.loaders.citizenByPersonalNumber.load(link.relatedNumber) : null;
}

export const citizenResolvers: Resolvers = {
  Query: {
    citizen: (_, args, context) => context.loaders.citizenByPersonalNumber.load(args.personalNumber),

    citizens: (_, args, context) => {
      if (args.personalNumbers.length > MAX_BULK_PERSONAL_NUMBERS) {
        throw badArgument('personalNumbers', `at most ${MAX_BULK_PERSONAL_NUMBERS} personal numbers per request`);
      }
      return loadAll(context.loaders.citizenByPersonalNumber, args.personalNumbers);
    },

    searchCitizens: async (_, args, context) => {
      const search: CitizenQuery = {
        lastNamePrefix: namePrefix('filter.lastName', args.filter.lastName),
        firstNamePrefix: namePrefix('filter.firstName', args.filter.firstName),
        dateOfBirth: args.filter.dateOfBirth ?? undefined,
        birthMunicipalityCode: municipalityCode('filter.municipalityCode', args.filter.municipalityCode),
        residenceMunicipalityCode: municipalityCode('filter.residenceMunicipalityCode', args.filter.residenceMunicipalityCode),
      };
      if (Object.values(search).every((criterion) => criterion === undefined)) {
        throw badArgument('filter', 'give at least one of lastName, firstName, dateOfBirth, municipalityCode, residenceMunicipalityCode');
      }
      const first = pageSize(args.first);
      const list = listOf('searchCitizens', search);
      const page = await context.listings.searchCitizens(search, afterCitizen(context.cursors, list, args.after), first);
      return citizenPage(context, list, page.items, page.hasMore);
    },
  },

  Citizen: {
    isAlive: (citizen) => citizen.status === 'ALIVE',
    isAdult: (citizen, args, context) => adultOn(citizen.dateOfBirth, args.on ?? context.today),
    placeOfBirth: (citizen, _, context) =>
      citizen.placeOfBirthCode === null ? null : context.loaders.municipalityByCode.load(citizen.placeOfBirthCode),
    address: (citizen, _, context) => citizen.addressId === null ? null : context.loaders.addressById.load(citizen.addressId),
    household: (citizen, _, context) => citizen.addressId === null ? [] : context.loaders.residentsByAddress.load(citizen.addressId),
    father: (citizen, _, context) => relative(citizen, 'FATHER', context),
    mother: (citizen, _, context) => relative(citizen, 'MOTHER', context),
    spouse: (citizen, _, context) => relative(citizen, 'SPOUSE', context),
    children: async (citizen, _, context) => {
      const children = await context.loaders.childrenByParent.load(citizen.personalNumber);
      const found = await loadAll(context.loaders.citizenByPersonalNumber, children);
      return found.filter((child): child is Citizen => child !== null);
    },
  },
};
