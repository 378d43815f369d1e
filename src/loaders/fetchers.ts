import type { Staleness } from '../cache/staleness.js';
import type {
  Address, Citizen, Company, CompanyMembers, DrivingLicence, FamilyLink, IdentityDocument, Municipality, Residence, Settlement, Vehicle,
} from '../domain.js';
import { groupBy } from '../groupBy.js';
import type { Sources } from '../sources/index.js';

/**
 * Reads a batch of keys and answers one value per key, in key order. `staleness` is the asking
 * request's, where a cache in front notes what it answered from entries past their time-to-live.
 */
export type BatchFn<K, V> = (keys: readonly K[], staleness?: Staleness) => Promise<V[]>;

/** The batch reads behind the loaders, one per entity kind and key. A cache wraps these. */
export interface Fetchers {
  citizenByPersonalNumber: BatchFn<string, Citizen | null>;
  residentsByAddress: BatchFn<string, Citizen[]>;
  familyLinksByPerson: BatchFn<string, FamilyLink[]>;
  childrenByParent: BatchFn<string, string[]>;
  documentsByHolder: BatchFn<string, IdentityDocument[]>;
  identityDocumentByNumber: BatchFn<string, IdentityDocument | null>;
  residencesByPerson: BatchFn<string, Residence[]>;
  addressById: BatchFn<string, Address | null>;
  settlementById: BatchFn<number, Settlement | null>;
  municipalityByCode: BatchFn<number, Municipality | null>;
  vehicleByPlate: BatchFn<string, Vehicle | null>;
  vehicleByVin: BatchFn<string, Vehicle | null>;
  vehiclesByOwner: BatchFn<string, Vehicle[]>;
  drivingLicenceByNumber: BatchFn<string, DrivingLicence | null>;
  drivingLicenceByHolder: BatchFn<string, DrivingLicence | null>;
  companyByNumber: BatchFn<string, Company | null>;
  membersOfCompany: BatchFn<string, CompanyMembers | null>;
  companiesOwnedBy: BatchFn<string, Company[]>;
  companiesRepresentedBy: BatchFn<string, Company[]>;
  vehiclesOfCompany: BatchFn<string, Vehicle[]>;
}

/** Builds the batch reads over the three registries. */
export function createFetchers({ civil, address, vehicle, business }: Sources): Fetchers {
  return {
    citizenByPersonalNumber: async (keys) => oneByKey(keys, await civil.personsByNumbers(keys), (c) => c.personalNumber),
    residentsByAddress: async (keys) => allByKey(keys, await civil.residentsOfAddresses(keys), (c) => c.addressId ?? ''),
    familyLinksByPerson: async (keys) => allByKey(keys, await civil.familyLinksOf(keys), (l) => l.personalNumber),
    childrenByParent: async (keys) =>
      allByKey(keys, await civil.parentLinksTo(keys), (l) => l.relatedNumber).map((links) => links.map((l) => l.personalNumber)),
    documentsByHolder: async (keys) => allByKey(keys, await civil.documentsOfHolders(keys), (d) => d.holderPersonalNumber),
    identityDocumentByNumber: async (keys) => oneByKey(keys, await civil.documentsByNumbers(keys), (d) => d.number),
    residencesByPerson: async (keys) => allByKey(keys, await civil.residencesOf(keys), (r) => r.personalNumber),
    addressById: async (keys) => oneByKey(keys, await address.addressesByIds(keys), (a) => a.id),
    settlementById: async (keys) => oneByKey(keys, await address.settlementsByIds(keys), (s) => s.id),
    municipalityByCode: async (keys) => oneByKey(keys, await address.municipalitiesByCodes(keys), (m) => m.code),
    vehicleByPlate: async (keys) => oneByKey(keys, await vehicle.vehiclesByPlates(keys), (v) => v.plate),
    vehicleByVin: async (keys) => oneByKey(keys, await vehicle.vehiclesByVins(keys), (v) => v.vin),
    vehiclesByOwner: async (keys) => allByKey(keys, await vehicle.vehiclesOfOwners(keys), (v) => v.ownerPersonalNumber ?? ''),
    drivingLicenceByNumber: async (keys) => oneByKey(keys, await vehicle.licencesByNumbers(keys), (l) => l.number),
    drivingLicenceByHolder: async (keys) =>
      allByKey(keys, await vehicle.licencesOfHolders(keys), (l) => l.holderPersonalNumber).map(currentLicence),
    companyByNumber: async (keys) => oneByKey(keys, await business.companiesByNumbers(keys), (c) => c.businessNumber),
    // The service answers one company's members, or one person's companies, a call: a call per key.
    membersOfCompany: (keys) => Promise.all(keys.map((key) => business.membersOf(key))),
    companiesOwnedBy: (keys) => Promise.all(keys.map((key) => business.companiesOwnedBy(key))),
    companiesRepresentedBy: (keys) => Promise.all(keys.map((key) => business.companiesRepresentedBy(key))),
    vehiclesOfCompany: async (keys) => allByKey(keys, await vehicle.vehiclesOfCompanies(keys), (v) => v.ownerBusinessNumber ?? ''),
  };
}

/** Answers each key with the item whose key it is, or null. */
export function oneByKey<K, V>(keys: readonly K[], items: readonly V[], keyOf: (item: V) => K): Array<V | null> {
  const byKey = new Map<K, V>();
  for (const item of items) byKey.set(keyOf(item), item);
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Answers each key with every item whose key it is, in the order the registry gave them. */
export function allByKey<K, V>(keys: readonly K[], items: readonly V[], keyOf: (item: V) => K): V[][] {
  const byKey = groupBy(items, keyOf);
  return keys.map((key) => byKey.get(key) ?? []);
}

// A person may hold old licences beside the current one: a valid licence wins, then the newest issued.
function currentLicence(licences: DrivingLicence[]): DrivingLicence | null {
  const rank = (licence: DrivingLicence) => (licence.status === 'VALID' ? 1 : 0);
  return (
    [...licences].sort((a, b) => rank(b) - rank(a) || (b.issuedOn ?? '').localeCompare(a.issuedOn ?? '') || a.number.localeCompare(b.number))[0] ?? null
  );
}
