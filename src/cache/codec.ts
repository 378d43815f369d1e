import type {
  Address, Citizen, Company, CompanyMembers, CompanyOwner, CompanyRepresentative, DrivingLicence, FamilyLink, IdentityDocument, Municipality, Residence,
  Settlement, Vehicle,
} from '../domain.js';
import type { BatchFn, Fetchers } from '../loaders/index.js';

/** Every kind of cached answer: one per fetcher. */
export type EntityKind = keyof Fetchers;

/** What a fetcher of that kind answers for one key. */
export type ValueOf<K extends EntityKind> = Fetchers[K] extends BatchFn<never, infer V> ? V : never;

/** Turns one kind's answers into compact text and back. `decode` throws on text of another shape. */
export interface Codec<V> {
  encode(value: V): string;
  decode(text: string): V;
}

/** Thrown for a cached text that is not of the expected shape; the reader treats it as a miss. */
export class ShapeMismatchError extends Error {
  override name = 'ShapeMismatchError';
}

type MissingFields<T, F extends readonly (keyof T)[]> = Exclude<keyof T, F[number]>;

/**
 * The order in which an entity's fields are stored. An entity is cached as the array of its values,
 * without field names; the compiler refuses a list that leaves a field out.
 */
function fieldsOf<T>() {
  return <const F extends readonly (keyof T)[]>(fields: F & ([MissingFields<T, F>] extends [never] ? unknown : { missing: MissingFields<T, F> })) =>
    fields as F;
}

interface Tuple<T> {
  toTuple(entity: T): unknown[];
  fromTuple(tuple: unknown): T;
}

function tuple<T>(fields: readonly (keyof T)[]): Tuple<T> {
  return {
    toTuple: (entity) => fields.map((field) => entity[field]),
    fromTuple(stored) {
      if (!Array.isArray(stored) || stored.length !== fields.length) throw new ShapeMismatchError('cached entity of another shape');
      const entity: Partial<T> = {};
      fields.forEach((field, index) => (entity[field] = stored[index] as T[keyof T]));
      return entity as T;
    },
  };
}

const citizen = tuple<Citizen>(
  fieldsOf<Citizen>()([
    'personalNumber', 'firstName', 'lastName', 'fatherName', 'sex', 'dateOfBirth', 'placeOfBirthCode', 'maritalStatus', 'status',
    'dateOfDeath', 'addressId',
  ]),
);
const familyLink = tuple<FamilyLink>(fieldsOf<FamilyLink>()(['personalNumber', 'relatedNumber', 'relation']));
const identityDocument = tuple<IdentityDocument>(
  fieldsOf<IdentityDocument>()(['kind', 'number', 'issuedOn', 'expiresOn', 'status', 'holderPersonalNumber']),
);
const company = tuple<Company>(fieldsOf<Company>()(['businessNumber', 'name', 'legalForm', 'status', 'registeredOn', 'seatAddressId']));
const companyOwner = tuple<CompanyOwner>(fieldsOf<CompanyOwner>()(['ownerKind', 'personalNumber', 'businessNumber', 'sharePercent']));
const companyRepresentative = tuple<CompanyRepresentative>(fieldsOf<CompanyRepresentative>()(['personalNumber', 'role']));
const residence = tuple<Residence>(fieldsOf<Residence>()(['personalNumber', 'addressId', 'from', 'to', 'endReason']));
const address = tuple<Address>(
  fieldsOf<Address>()(['id', 'street', 'houseNumber', 'apartment', 'postalCode', 'settlementId', 'municipalityCode', 'active']),
);
const settlement = tuple<Settlement>(fieldsOf<Settlement>()(['id', 'nameSq', 'nameSr', 'municipalityCode']));
const municipality = tuple<Municipality>(fieldsOf<Municipality>()(['code', 'nameSq', 'nameSr', 'region']));
const vehicle = tuple<Vehicle>(
  fieldsOf<Vehicle>()([
    'plate', 'vin', 'make', 'model', 'year', 'colour', 'fuel', 'firstRegisteredOn', 'registrationExpiresOn', 'status', 'ownerKind',
    'ownerPersonalNumber', 'ownerBusinessNumber',
  ]),
);
const drivingLicence = tuple<DrivingLicence>(
  fieldsOf<DrivingLicence>()(['number', 'categories', 'issuedOn', 'expiresOn', 'penaltyPoints', 'status', 'holderPersonalNumber']),
);

/** One entity or null ("not found"). */
function oneOf<T>(entity: Tuple<T>): Codec<T | null> {
  return {
    encode: (value) => JSON.stringify(value === null ? null : entity.toTuple(value)),
    decode(text) {
      const stored: unknown = JSON.parse(text);
      return stored === null ? null : entity.fromTuple(stored);
    },
  };
}

/** A company's owners and representatives, or null for a company the registry does not know. */
function membersCodec(): Codec<CompanyMembers | null> {
  return {
    encode: (value) => JSON.stringify(value === null ? null : [value.owners.map(companyOwner.toTuple), value.representatives.map(companyRepresentative.toTuple)]),
    decode(text) {
      const stored: unknown = JSON.parse(text);
      if (stored === null) return null;
      if (!Array.isArray(stored) || stored.length !== 2 || !stored.every(Array.isArray)) throw new ShapeMismatchError('cached members of another shape');
      return { owners: (stored[0] as unknown[]).map(companyOwner.fromTuple), representatives: (stored[1] as unknown[]).map(companyRepresentative.fromTuple) };
    },
  };
}

/** A list of entities, in the order the registry gave them. */
function listOf<T>(entity: Tuple<T>): Codec<T[]> {
  return {
    encode: (values) => JSON.stringify(values.map(entity.toTuple)),
    decode(text) {
      const stored: unknown = JSON.parse(text);
      if (!Array.isArray(stored)) throw new ShapeMismatchError('cached list of another shape');
      return stored.map(entity.fromTuple);
    },
  };
}

const personalNumbers: Codec<string[]> = {
  encode: (values) => JSON.stringify(values),
  decode(text) {
    const stored: unknown = JSON.parse(text);
    if (!Array.isArray(stored) || !stored.every((item) => typeof item === 'string')) throw new ShapeMismatchError('cached list of another shape');
    return stored;
  },
};

/** How each kind of answer is stored. Bump the cache version whenever one of these changes. */
export const CODECS: { readonly [K in EntityKind]: Codec<ValueOf<K>> } = {
  citizenByPersonalNumber: oneOf(citizen),
  residentsByAddress: listOf(citizen),
  familyLinksByPerson: listOf(familyLink),
  childrenByParent: personalNumbers,
  documentsByHolder: listOf(identityDocument),
  identityDocumentByNumber: oneOf(identityDocument),
  residencesByPerson: listOf(residence),
  addressById: oneOf(address),
  settlementById: oneOf(settlement),
  municipalityByCode: oneOf(municipality),
  vehicleByPlate: oneOf(vehicle),
  vehicleByVin: oneOf(vehicle),
  vehiclesByOwner: listOf(vehicle),
  drivingLicenceByNumber: oneOf(drivingLicence),
  drivingLicenceByHolder: oneOf(drivingLicence),
  companyByNumber: oneOf(company),
  membersOfCompany: membersCodec(),
  companiesOwnedBy: listOf(company),
  companiesRepresentedBy: listOf(company),
  vehiclesOfCompany: listOf(vehicle),
};
