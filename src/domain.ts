/** The gateway's domain entities: what the registries' rows mean, free of legacy names and codes. */

export type Sex = 'MALE' | 'FEMALE';
export type MaritalStatus = 'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';
export type CitizenStatus = 'ALIVE' | 'DECEASED' | 'EMIGRATED';
export type DocumentKind = 'ID_CARD' | 'PASSPORT';
export type DocumentStatus = 'VALID' | 'LOST_OR_STOLEN' | 'CANCELLED';
export type VehicleStatus = 'ACTIVE' | 'DEREGISTERED' | 'STOLEN';
export type Fuel = 'PETROL' | 'DIESEL' | 'ELECTRIC' | 'HYBRID' | 'GAS';
export type OwnerKind = 'PERSON' | 'COMPANY';
export type DrivingLicenceStatus = 'VALID' | 'SUSPENDED' | 'REVOKED';

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface Citizen {
  personalNumber: string;
  firstName: string;
  lastName: string;
  fatherName: string | null;
  sex: Sex | null;
  dateOfBirth: IsoDate | null;
  placeOfBirthCode: number | null;
  maritalStatus: MaritalStatus | null;
  status: CitizenStatus | null;
  dateOfDeath: IsoDate | null;
  addressId: string | null;
}

/** A registered family tie: `relatedNumber` is the father, mother or current spouse of `personalNumber`. */
export interface FamilyLink {
  personalNumber: string;
  relatedNumber: string;
  relation: 'FATHER' | 'MOTHER' | 'SPOUSE';
}

export interface Municipality {
  code: number;
  nameSq: string;
  nameSr: string;
  region: number;
}

export interface Settlement {
  id: number;
  nameSq: string;
  nameSr: string;
  municipalityCode: number;
}

export interface Address {
  id: string;
  street: string;
  houseNumber: string;
  apartment: string | null;
  postalCode: string;
  settlementId: number;
  municipalityCode: number;
  active: boolean;
}

export interface IdentityDocument {
  kind: DocumentKind | null;
  number: string;
  issuedOn: IsoDate | null;
  expiresOn: IsoDate | null;
  status: DocumentStatus | null;
  holderPersonalNumber: string;
}

export interface Vehicle {
  plate: string;
  vin: string;
  make: string | null;
  model: string | null;
  year: number | null;
  colour: string | null;
  fuel: Fuel | null;
  firstRegisteredOn: IsoDate | null;
  registrationExpiresOn: IsoDate | null;
  status: VehicleStatus | null;
  ownerKind: OwnerKind | null;
  /** Set when a person owns the vehicle. */
  ownerPersonalNumber: string | null;
  /** Set when a company owns the vehicle. */
  ownerBusinessNumber: string | null;
}

export interface DrivingLicence {
  number: string;
  categories: string[];
  issuedOn: IsoDate | null;
  expiresOn: IsoDate | null;
  penaltyPoints: number | null;
  status: DrivingLicenceStatus | null;
  holderPersonalNumber: string;
}

/** A business's legal form in the business registry. */
export type LegalForm = 'INDIVIDUAL_BUSINESS' | 'GENERAL_PARTNERSHIP' | 'LIMITED_PARTNERSHIP' | 'LIMITED_LIABILITY_COMPANY' | 'JOINT_STOCK_COMPANY';

/** A business's standing in the business registry. */
export type CompanyStatus = 'REGISTERED' | 'SUSPENDED' | 'DISSOLVED';

/** A business registered with the Kosovo Business Registration Agency. */
export interface Company {
  /** Nine digits. */
  businessNumber: string;
  name: string;
  legalForm: LegalForm | null;
  status: CompanyStatus | null;
  registeredOn: IsoDate | null;
  /** The seat, an id of the address register. */
  seatAddressId: string | null;
}

/** An owner of a business, a person or another business, with their share in percent. */
export interface CompanyOwner {
  ownerKind: 'PERSON' | 'COMPANY';
  personalNumber: string | null;
  businessNumber: string | null;
  sharePercent: number | null;
}

/** A person authorised to represent a business. */
export interface CompanyRepresentative {
  personalNumber: string;
  role: 'DIRECTOR' | 'AUTHORISED_REPRESENTATIVE' | null;
}

/** Who owns a business and who may sign for it. */
export interface CompanyMembers {
  owners: CompanyOwner[];
  representatives: CompanyRepresentative[];
}

/** Whether a text is a business number of the business registry: exactly 9 digits. */
export function isBusinessNumber(value: string): boolean {
  return /^\d{9}$/.test(value);
}

/** Why a residence registration ended. */
export type ResidenceEnd = 'MOVED' | 'DIED' | 'EMIGRATED';

/** A person's registration at an address, from a day to a day, both included. */
export interface Residence {
  personalNumber: string;
  addressId: string;
  from: IsoDate;
  /** Null while the registration is in force. */
  to: IsoDate | null;
  /** Null while in force, or where the registry did not record why it ended. */
  endReason: ResidenceEnd | null;
}

/** The registration among `residences` in force on `day`, if any. */
export function residenceOn(residences: readonly Residence[], day: IsoDate): Residence | null {
  return residences.find((residence) => residence.from <= day && (residence.to === null || day <= residence.to)) ?? null;
}

/** A voter on an electoral roll: the citizen, and the address they were registered at on the cut-off date. */
export type Voter = Citizen & { rollAddressId: string };

/** Where a keyset page of an electoral roll resumes: after this voter, in (last name, first name, personal number) order. */
export interface VoterPosition {
  lastName: string;
  firstName: string;
  personalNumber: string;
}

/** The position of a voter in roll order. */
export function voterPosition(voter: Voter): VoterPosition {
  return { lastName: voter.lastName, firstName: voter.firstName, personalNumber: voter.personalNumber };
}

/** A check of an identity document against a person, on a day: the document when it is theirs. */
export interface IdentityDocumentCheck {
  personalNumber: string;
  number: string;
  checkedOn: IsoDate;
  /** The registry's document with this number when it was issued to this person; null otherwise. */
  ownDocument: IdentityDocument | null;
}

/** A document that needs renewing: an identity document or a driving licence. */
export type ExpiringDocument = IdentityDocument | DrivingLicence;

/** Where a keyset page resumes: after the document expiring on `expiresOn` with `number`. */
export interface DocumentPosition {
  expiresOn: IsoDate;
  number: string;
}

/** True when the document is a driving licence rather than an identity document. */
export function isDrivingLicence(document: ExpiringDocument): document is DrivingLicence {
  return 'categories' in document;
}

/** Orders documents by expiry, then number: the order of `expiringDocuments`. */
export function compareDocumentPositions(a: DocumentPosition, b: DocumentPosition): number {
  if (a.expiresOn !== b.expiresOn) return a.expiresOn < b.expiresOn ? -1 : 1;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/** Whether a text is a personal number of the civil registry: exactly 10 digits. */
export function isPersonalNumber(value: string): boolean {
  return /^\d{10}$/.test(value);
}

// Any run of ten digits or more, percent-encoded or not: a personal number shows so however the
// text around it is written (`batch1797540345`, `Payroll_01797540345`, `/x/%31%37...`). A token
// that happens to hold such a run loses it too, which costs only that run.
const PERSONAL_NUMBER_WITHIN = /(?:\d|%3\d){10,}/g;

/**
 * A caller's own text (an operation's name, a path) as the gateway may log, count and record it:
 * whatever may be a personal number in it replaced. A caller may name its operations after whom
 * they are about; the logs, metrics and traces must not carry it.
 */
export function withoutPersonalNumbers(text: string): string {
  return text.replace(PERSONAL_NUMBER_WITHIN, '[redacted]');
}

/** Whether a text is an address register id: a positive whole number of at most 18 digits. */
export function isAddressId(value: string): boolean {
  return /^[1-9]\d{0,17}$/.test(value);
}

/** A VIN in upper case (17 letters and digits, without I, O or Q), or null if it is not one. */
export function canonicalVin(value: string): string | null {
  const upper = value.trim().toUpperCase();
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(upper) ? upper : null;
}

/** A document number (a driving licence, an ID card, a passport) in upper case, 4 to 12 letters and digits, or null if it is not one. */
export function canonicalDocumentNumber(value: string): string | null {
  const upper = value.trim().toUpperCase();
  return /^[A-Z0-9]{4,12}$/.test(upper) ? upper : null;
}

/** Plates as the vehicle registry writes them: region 01..07, three digits, two letters. */
const PLATE = /^(0[1-7])-?(\d{3})-?([A-Z]{2})$/;

/** The canonical form of a plate ('01-234-AB') from any spacing or case, or null if it is not one. */
export function canonicalPlate(value: string): string | null {
  const match = PLATE.exec(value.replace(/\s+/g, '').toUpperCase());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** VALID documents past their expiry date are EXPIRED: what a checking officer needs to see. */
export function standingOn<S extends string>(status: S | null, expiresOn: IsoDate | null, today: IsoDate): S | 'EXPIRED' | null {
  return status === 'VALID' && expiresOn !== null && expiresOn < today ? 'EXPIRED' : status;
}
