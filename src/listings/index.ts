import { lastBirthDateOfAge } from '../dates.js';
import { badArgument } from '../errors.js';
import {
  compareDocumentPositions, type Address, type Citizen, type DocumentPosition, type ExpiringDocument, type IsoDate, type Municipality, type Voter,
  type VoterPosition,
} from '../domain.js';
import type { AccessPosition, AuditStore } from '../audit/auditStore.js';
import type { PersonalAccess } from '../audit/records.js';
import { loadAll, type Loaders } from '../loaders/index.js';
import type { AddressSearch, CitizenSearch, RollQuery, Sources } from '../sources/index.js';

/** One page of a list and whether more follows. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** Which expiring documents to list. */
export interface ExpiringDocumentsQuery {
  from: IsoDate;
  to: IsoDate;
  /** Only holders registered at an address in this municipality. */
  municipalityCode?: number;
  after: DocumentPosition | null;
  first: number;
}

/** Who to look for: the registry's criteria, and the municipality people live in now. */
export type CitizenQuery = Omit<CitizenSearch, 'residenceAddressIds'> & { residenceMunicipalityCode?: number };

/** Which electoral roll to list: a municipality's voters for an election. */
export interface ElectoralRollQuery {
  municipalityCode: number;
  /** The day voters must be registered in the municipality on. */
  cutOffDate: IsoDate;
  /** The day voters must be 18 or older on. */
  electionDay: IsoDate;
}

/** A page of an electoral roll, with the roll it is of, whose size is read only when asked for. */
export interface ElectoralRollPage extends Page<Voter> {
  query: ElectoralRollQuery;
}

/** The age from which one votes. */
export const VOTING_AGE = 18;

/** Lists that are not lookups by key; what they read also primes the request's loaders. */
export interface Listings {
  /** A page of the citizens `search` finds, the living registered in `residenceMunicipalityCode` when given. */
  searchCitizens(search: CitizenQuery, afterPersonalNumber: string | null, first: number): Promise<Page<Citizen>>;
  /** A page of the addresses `search` finds, in id order after `afterId`. */
  searchAddresses(search: AddressSearch, afterId: string | null, first: number): Promise<Page<Address>>;
  expiringDocuments(query: ExpiringDocumentsQuery): Promise<Page<ExpiringDocument>>;
  municipalities(): Promise<Municipality[]>;
  /** One page of an electoral roll, in (last name, first name, personal number) order after `after`. */
  electoralRoll(query: ElectoralRollQuery, after: VoterPosition | null, first: number): Promise<Page<Voter>>;
  /** How many voters the roll holds. */
  electoralRollSize(query: ElectoralRollQuery): Promise<number>;
  /** The reads of a person's data visible on `day`, newest first, after the record `before` when given. */
  accessLog(personalNumber: string, day: IsoDate, before: AccessPosition | null, first: number): Promise<Page<PersonalAccess>>;
}

// With a municipality, most documents of a window belong to other places: scan in larger steps.
const FILTERED_SCAN_STEP = 500;

/** The listings of one request; `cached` when reads by key go through the cache. */
export function createListings(sources: Sources, auditStore: AuditStore, loaders: Loaders, cached: boolean): Listings {
  // A municipality's addresses, read once a request however many lists ask.
  const addressIds = new Map<number, Promise<string[]>>();
  const addressIdsIn = (code: number) => {
    let ids = addressIds.get(code);
    if (!ids) addressIds.set(code, (ids = sources.address.addressIdsInMunicipality(code)));
    return ids;
  };
  const rollOf = async (query: ElectoralRollQuery) => rollQuery(query, await addressIdsIn(query.municipalityCode));
  return {
    async accessLog(personalNumber, day, before, first) {
      const records = await auditStore.visibleRecordsOf(personalNumber, day, before, first + 1);
      return { items: records.slice(0, first), hasMore: records.length > first };
    },

    async searchCitizens({ residenceMunicipalityCode, ...search }, afterPersonalNumber, first) {
      const residenceAddressIds = residenceMunicipalityCode === undefined ? undefined : await addressIdsIn(residenceMunicipalityCode);
      const matching = { ...search, residenceAddressIds };
      if (cached) {
        // The registry tells whom the search finds; what they are comes through the cache, as for a
        // lookup by key: a warm page costs a column of personal numbers instead of every row in full.
        const numbers = await sources.civil.searchPersonNumbers(matching, afterPersonalNumber, first + 1);
        const citizens = await loadAll(loaders.citizenByPersonalNumber, numbers.slice(0, first));
        // Someone gone from the registry between the two reads is left out.
        return { items: citizens.filter((citizen) => citizen !== null), hasMore: numbers.length > first };
      }
      const found = await sources.civil.searchPersons(matching, afterPersonalNumber, first + 1);
      for (const citizen of found) loaders.citizenByPersonalNumber.prime(citizen.personalNumber, citizen);
      return { items: found.slice(0, first), hasMore: found.length > first };
    },

    async searchAddresses(search, afterId, first) {
      const found = await sources.address.searchAddresses(search, afterId, first + 1);
      for (const address of found) loaders.addressById.prime(address.id, address);
      return { items: found.slice(0, first), hasMore: found.length > first };
    },

    async municipalities() {
      const municipalities = await sources.address.allMunicipalities();
      for (const municipality of municipalities) loaders.municipalityByCode.prime(municipality.code, municipality);
      return municipalities;
    },

    async electoralRoll(query, after, first) {
      const voters = await sources.civil.electoralRoll(await rollOf(query), after, first + 1);
      for (const voter of voters) loaders.citizenByPersonalNumber.prime(voter.personalNumber, voter);
      return { items: voters.slice(0, first), hasMore: voters.length > first };
    },

    async electoralRollSize(query) {
      return sources.civil.electoralRollSize(await rollOf(query));
    },

    async expiringDocuments({ from, to, municipalityCode, after, first }) {
      const addressesInMunicipality = municipalityCode === undefined ? null : new Set(await addressIdsIn(municipalityCode));
      const step = addressesInMunicipality === null ? first + 1 : Math.max(first + 1, FILTERED_SCAN_STEP);
      const kept: ExpiringDocument[] = [];
      let position = after;
      while (kept.length <= first) {
        const [documents, licences] = await Promise.all([
          sources.civil.validDocumentsExpiring(from, to, position, step),
          sources.vehicle.licencesExpiring(from, to, position, step),
        ]);
        // The first `step` of the merge come before anything either source has left unread; the rest
        // are read again, in order, by the next round.
        const merged = [...documents, ...licences].sort((a, b) => compareDocumentPositions(positionOf(a), positionOf(b)));
        const scanned = merged.slice(0, step);
        if (scanned.length === 0) break;
        // Reminders go to living holders only; the holders read here also serve the `holder` field.
        const holders = await loadAll(loaders.citizenByPersonalNumber, scanned.map((document) => document.holderPersonalNumber));
        scanned.forEach((document, index) => {
          const holder = holders[index];
          if (holder?.status !== 'ALIVE') return;
          if (addressesInMunicipality !== null && !addressesInMunicipality.has(holder.addressId ?? '')) return;
          kept.push(document);
        });
        if (merged.length <= step && documents.length < step && licences.length < step) break;
        position = positionOf(scanned[scanned.length - 1]!);
      }
      return { items: kept.slice(0, first), hasMore: kept.length > first };
    },
  };
}

/**
 * The roll a request names, checked before any person is read: BAD_USER_INPUT for an election day
 * before the cut-off date, or a municipality that `municipalityOf` does not know.
 */
export async function checkedRollQuery(query: ElectoralRollQuery, municipalityOf: (code: number) => Promise<Municipality | null>): Promise<ElectoralRollQuery> {
  if (query.electionDay < query.cutOffDate) throw badArgument('electionDay', 'the election day cannot come before the cut-off date');
  if ((await municipalityOf(query.municipalityCode)) === null) throw badArgument('municipalityCode', 'no municipality has this code');
  return query;
}

/** What the civil registry is asked for a roll, given the municipality's addresses. */
export function rollQuery({ cutOffDate, electionDay }: ElectoralRollQuery, addressIds: readonly string[]): RollQuery {
  return { addressIds, cutOffDate, bornOnOrBefore: lastBirthDateOfAge(VOTING_AGE, electionDay) };
}

/** Where a listed document stands in expiry order. */
export function positionOf(document: ExpiringDocument): DocumentPosition {
  return { expiresOn: document.expiresOn ?? '', number: document.number };
}
