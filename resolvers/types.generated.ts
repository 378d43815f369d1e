import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Citizen as CitizenEntity, Address as AddressEntity, Settlement as SettlementEntity, Municipality as MunicipalityEntity, ExpiringDocument as ExpiringDocumentEntity, IdentityDocument as IdentityDocumentEntity, IdentityDocumentCheck as IdentityDocumentCheckEntity, DrivingLicence as DrivingLicenceEntity, Residence as ResidenceEntity, Voter as VoterEntity, Company as CompanyEntity, CompanyOwner as CompanyOwnerEntity, CompanyRepresentative as CompanyRepresentativeEntity, Vehicle as VehicleEntity } from '../src/domain.js';
import type { ElectoralRollPage as ElectoralRollPageEntity } from '../src/listings/index.js';
import type { PersonalAccess as PersonalAccessEntity } from '../src/audit/records.js';
import type { RequestContext } from '../src/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date in ISO 8601 form, YYYY-MM-DD. */
  Date: { input: string; output: string; }
  /** A personal number of the civil registry: exactly 10 digits, given and returned as a string. */
  PersonalNumber: { input: string; output: string; }
};

/** A street address in the address register. */
export type Address = {
  __typename?: 'Address';
  /** Whether the address register still considers the address in use. */
  active: Scalars['Boolean']['output'];
  /** The apartment, where there is one. */
  apartment?: Maybe<Scalars['String']['output']>;
  /** The house number, such as "12" or "12A". */
  houseNumber: Scalars['String']['output'];
  /** The address register's id of this address. */
  id: Scalars['ID']['output'];
  /** The municipality. */
  municipality?: Maybe<Municipality>;
  /** The five-digit postal code. */
  postalCode: Scalars['String']['output'];
  /** The citizens alive and registered at this address, by personal number, a page at a time. */
  residents: CitizenConnection;
  /** The town or village. */
  settlement?: Maybe<Settlement>;
  /** The street name. */
  street: Scalars['String']['output'];
};


/** A street address in the address register. */
export type AddressResidentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of addresses. */
export type AddressConnection = {
  __typename?: 'AddressConnection';
  /** The addresses on this page, by id. */
  nodes: Array<Address>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** Which addresses to find: every criterion given must hold, and at least one must be given. */
export type AddressFilter = {
  /** The municipality's code. */
  municipalityCode?: InputMaybe<Scalars['Int']['input']>;
  /** The five-digit postal code. */
  postalCode?: InputMaybe<Scalars['String']['input']>;
  /** The settlement's id. */
  settlementId?: InputMaybe<Scalars['Int']['input']>;
  /**
   * The start of the street's name or of a word in it, accent-insensitive as a name search is:
   * "rruga desh" and "deshmoret" find "Rruga Dëshmorët e Kombit", "вука" finds "Ulica Vuka Karadžića".
   */
  street?: InputMaybe<Scalars['String']['input']>;
};

/** A person in the civil registry. */
export type Citizen = {
  __typename?: 'Citizen';
  /** The registered address; null for people without one (emigrated people, among others). */
  address?: Maybe<Address>;
  /**
   * The address the citizen was registered at on a day; null when they were registered nowhere then (not
   * yet born, deceased, emigrated, without an address, or before 2000, where the registry keeps no
   * residence).
   */
  addressOn?: Maybe<Address>;
  /** The children registered with this citizen as father or mother, by personal number. */
  children: Array<Citizen>;
  /** The companies the citizen owns in whole or in part, or may sign for, by business number. */
  companies: Array<Company>;
  /** Date of birth; null where the registry's date is missing or impossible. */
  dateOfBirth?: Maybe<Scalars['Date']['output']>;
  /** Date of death, for a deceased person. */
  dateOfDeath?: Maybe<Scalars['Date']['output']>;
  /** The citizen's ID cards and passports, the most recently issued first. */
  documents: Array<IdentityDocument>;
  /** The citizen's current driving licence, or null if the citizen holds none. */
  drivingLicence?: Maybe<DrivingLicence>;
  /** The registered father. */
  father?: Maybe<Citizen>;
  /** The father's first name as written in the civil record; null where none is recorded. */
  fatherName?: Maybe<Scalars['String']['output']>;
  /** First name, as registered (with its diacritics). */
  firstName: Scalars['String']['output'];
  /** True when the citizen holds an ID card or passport that is in force today. */
  hasValidIdentityDocument: Scalars['Boolean']['output'];
  /**
   * True when the citizen holds a driving licence valid today for the category; null (with an error)
   * only when the vehicle registry could not be read.
   */
  hasValidLicence?: Maybe<Scalars['Boolean']['output']>;
  /**
   * Everyone alive registered at the same address, this citizen included when alive, by personal number.
   * Empty without an address.
   */
  household: Array<Citizen>;
  /** True when the person is 18 or older on the given day; null where the date of birth is unknown. */
  isAdult?: Maybe<Scalars['Boolean']['output']>;
  /** True when the civil registry records the person as alive (neither deceased nor emigrated). */
  isAlive: Scalars['Boolean']['output'];
  /** Last name, as registered. */
  lastName: Scalars['String']['output'];
  /** Civil status; null where the registry holds an unrecognised value. */
  maritalStatus?: Maybe<MaritalStatus>;
  /** The registered mother. */
  mother?: Maybe<Citizen>;
  /** The personal number, the citizen's key in every registry. */
  personalNumber: Scalars['PersonalNumber']['output'];
  /** The municipality of birth. */
  placeOfBirth?: Maybe<Municipality>;
  /** Every residence registration of the citizen, the earliest first. */
  residenceHistory: Array<Residence>;
  /** Sex as recorded; null where the registry holds an unrecognised value. */
  sex?: Maybe<Sex>;
  /** The current spouse; null when not married. */
  spouse?: Maybe<Citizen>;
  /** Whether the person is alive, deceased or emigrated; null where the registry holds an unrecognised value. */
  status?: Maybe<CitizenStatus>;
  /**
   * The vehicles registered to this citizen, whatever their status; null (with an error) only when the
   * vehicle registry could not be read, so the rest of the answer still arrives.
   */
  vehicles?: Maybe<Array<Vehicle>>;
};


/** A person in the civil registry. */
export type CitizenAddressOnArgs = {
  date: Scalars['Date']['input'];
};


/** A person in the civil registry. */
export type CitizenHasValidLicenceArgs = {
  category: Scalars['String']['input'];
};


/** A person in the civil registry. */
export type CitizenIsAdultArgs = {
  on?: InputMaybe<Scalars['Date']['input']>;
};

/** A page of citizens. */
export type CitizenConnection = {
  __typename?: 'CitizenConnection';
  /** The citizens on this page. */
  nodes: Array<Citizen>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** What to look for in `searchCitizens`. Every criterion given must hold; give at least one. */
export type CitizenFilter = {
  /** The exact date of birth. */
  dateOfBirth?: InputMaybe<Scalars['Date']['input']>;
  /** The start of the first name, accent-insensitive, read as `lastName` is. */
  firstName?: InputMaybe<Scalars['String']['input']>;
  /**
   * The start of the last name, accent-insensitive: "cek" finds Çeku, "dord" and "djord" find Đorđević.
   * Serbian Cyrillic is read as Latin ("Ђорђ" finds Đorđević too), and letters typed with combining
   * accents or in full width as the plain ones.
   */
  lastName?: InputMaybe<Scalars['String']['input']>;
  /** The code of the municipality of birth. */
  municipalityCode?: InputMaybe<Scalars['Int']['input']>;
  /** The code of the municipality people live in: the living registered now at one of its addresses. */
  residenceMunicipalityCode?: InputMaybe<Scalars['Int']['input']>;
};

/** Whether a person is alive and living in the country. */
export type CitizenStatus =
  /** Alive and resident. */
  | 'ALIVE'
  /** Deceased; see dateOfDeath. */
  | 'DECEASED'
  /** Emigrated; no longer resident. */
  | 'EMIGRATED';

/**
 * A business registered with the Kosovo Business Registration Agency, read from the agency's web
 * service. A company is no person, and reading it records no one; its owners and representatives who
 * are people are citizens, each recorded as such when read.
 */
export type Company = {
  __typename?: 'Company';
  /** The business registration number, nine digits. */
  businessNumber: Scalars['String']['output'];
  /** The legal form; null where the registry holds an unrecognised value. */
  legalForm?: Maybe<LegalForm>;
  /** The name, as registered (in capitals; names an old import stored twice-encoded are read back). */
  name: Scalars['String']['output'];
  /** Who owns the company, people and other companies, with their shares. */
  owners: Array<CompanyOwnership>;
  /** The day of registration. */
  registeredOn?: Maybe<Scalars['Date']['output']>;
  /** The people who may sign for the company. */
  representatives: Array<CompanyRepresentative>;
  /** The registered seat. */
  seatAddress?: Maybe<Address>;
  /** Registered, suspended or dissolved; null where the registry holds an unrecognised value. */
  status?: Maybe<CompanyStatus>;
  /** The vehicles registered to the company. */
  vehicles: Array<Vehicle>;
};

/** An owner's share of a company: a person (a citizen) or another company. */
export type CompanyOwnership = {
  __typename?: 'CompanyOwnership';
  /** The owner, when a company owns the share. */
  company?: Maybe<Company>;
  /** The owner, when a person owns the share. */
  person?: Maybe<Citizen>;
  /** The share, in percent. */
  sharePercent?: Maybe<Scalars['Float']['output']>;
};

/** A person who may sign for a company. */
export type CompanyRepresentative = {
  __typename?: 'CompanyRepresentative';
  /** The representative. */
  person?: Maybe<Citizen>;
  /** The director, or another authorised representative; null where the registry holds an unrecognised value. */
  role?: Maybe<RepresentativeRole>;
};

/** The standing of a business. */
export type CompanyStatus =
  /** Dissolved: no longer a business. */
  | 'DISSOLVED'
  /** Registered and in business. */
  | 'REGISTERED'
  /** Its activity suspended. */
  | 'SUSPENDED';

/** One read of a citizen's data by a consumer system, as the audit trail recorded it. */
export type DataAccess = {
  __typename?: 'DataAccess';
  /** When the data was given, ISO 8601 in UTC. */
  at: Scalars['String']['output'];
  /** The fields read, as paths from the person, such as `lastName` or `address.street`. */
  fields: Array<Scalars['String']['output']>;
  /** The institution whose system read the data. */
  institution: Scalars['String']['output'];
  /** The law or article it read under, where it said. */
  legalBasis?: Maybe<Scalars['String']['output']>;
  /** Why it read: the purpose the system declared. */
  purpose?: Maybe<Scalars['String']['output']>;
  /** The system that read it. */
  system: Scalars['String']['output'];
};

/** A page of a citizen's access log. */
export type DataAccessConnection = {
  __typename?: 'DataAccessConnection';
  /** The reads on this page, newest first. */
  nodes: Array<DataAccess>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/**
 * A document issued to a person that expires: an identity document or a driving licence. Read through
 * this interface, a document may be either, so both scopes are needed.
 */
export type Document = {
  /** The date of expiry. */
  expiresOn?: Maybe<Scalars['Date']['output']>;
  /** The person the document was issued to. */
  holder?: Maybe<Citizen>;
  /** The date of issue. */
  issuedOn?: Maybe<Scalars['Date']['output']>;
  /** The document's number. */
  number: Scalars['String']['output'];
};

/** A page of expiring documents. */
export type DocumentConnection = {
  __typename?: 'DocumentConnection';
  /** The documents on this page, by expiry date, then number. */
  nodes: Array<Document>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** The kind of an identity document. */
export type DocumentKind =
  /** A national ID card. */
  | 'ID_CARD'
  /** A passport. */
  | 'PASSPORT';

/** The standing of an identity document. */
export type DocumentStatus =
  /** Cancelled by the registry: not to be accepted. */
  | 'CANCELLED'
  /** Not withdrawn, but past its expiry date. */
  | 'EXPIRED'
  /** Reported lost or stolen: not to be accepted. */
  | 'LOST_OR_STOLEN'
  /** In force. */
  | 'VALID';

/** A driving licence. */
export type DrivingLicence = Document & {
  __typename?: 'DrivingLicence';
  /** The categories the holder may drive, such as AM, B, C1. */
  categories: Array<Scalars['String']['output']>;
  /** The date of expiry. */
  expiresOn?: Maybe<Scalars['Date']['output']>;
  /** The person the licence was issued to. */
  holder?: Maybe<Citizen>;
  /** The date of issue. */
  issuedOn?: Maybe<Scalars['Date']['output']>;
  /** The licence number. */
  number: Scalars['String']['output'];
  /** Penalty points on the licence. */
  penaltyPoints?: Maybe<Scalars['Int']['output']>;
  /** VALID, EXPIRED (valid but past its expiry date), SUSPENDED or REVOKED. */
  status?: Maybe<DrivingLicenceStatus>;
};

/** The standing of a driving licence. */
export type DrivingLicenceStatus =
  /** Not withdrawn, but past its expiry date. */
  | 'EXPIRED'
  /** Revoked. */
  | 'REVOKED'
  /** Suspended for a time. */
  | 'SUSPENDED'
  /** In force. */
  | 'VALID';

/** A vehicle's fuel. */
export type Fuel =
  /** Diesel. */
  | 'DIESEL'
  /** Electric. */
  | 'ELECTRIC'
  /** Liquefied gas. */
  | 'GAS'
  /** Hybrid. */
  | 'HYBRID'
  /** Petrol. */
  | 'PETROL';

/** An ID card or passport issued by the civil registry. */
export type IdentityDocument = Document & {
  __typename?: 'IdentityDocument';
  /** The date of expiry. */
  expiresOn?: Maybe<Scalars['Date']['output']>;
  /** The person the document was issued to. */
  holder?: Maybe<Citizen>;
  /** The date of issue. */
  issuedOn?: Maybe<Scalars['Date']['output']>;
  /** ID card or passport; null where the registry holds an unrecognised value. */
  kind?: Maybe<DocumentKind>;
  /** The document's number. */
  number: Scalars['String']['output'];
  /** VALID, EXPIRED (valid but past its expiry date), LOST_OR_STOLEN or CANCELLED. */
  status?: Maybe<DocumentStatus>;
};

/**
 * What a check of an identity document against a person answers, and nothing else of either: whether
 * the registry issued the document with this number to this person, and whether it is in force on the
 * day. For consumers that must know a document is genuine and someone's without reading the person.
 */
export type IdentityDocumentCheck = {
  __typename?: 'IdentityDocumentCheck';
  /** True when the registry holds an ID card or passport with this number issued to this person. */
  belongsToPerson: Scalars['Boolean']['output'];
  /** The day checked: the day asked for, today when none was. */
  checkedOn: Scalars['Date']['output'];
  /** The document number checked, in upper case as the registry writes it. */
  number: Scalars['String']['output'];
  /** The personal number checked. */
  personalNumber: Scalars['PersonalNumber']['output'];
  /**
   * The document's standing today when it is this person's; null when it is not, so that nothing is
   * told of another person's document.
   */
  status?: Maybe<DocumentStatus>;
  /**
   * True when the document is this person's and in force on the day: issued on or before it, expiring
   * on or after it, and today neither reported lost or stolen nor cancelled (the registry keeps no date
   * of such a report, so a withdrawn document is not in force on any day).
   */
  validOn: Scalars['Boolean']['output'];
};

/** The legal form of a business. */
export type LegalForm =
  /** A general partnership (ortakëri e përgjithshme, O.P.). */
  | 'GENERAL_PARTNERSHIP'
  /** An individual business (biznes individual, B.I.). */
  | 'INDIVIDUAL_BUSINESS'
  /** A joint-stock company (shoqëri aksionare, SH.A.). */
  | 'JOINT_STOCK_COMPANY'
  /** A limited liability company (shoqëri me përgjegjësi të kufizuar, SH.P.K.). */
  | 'LIMITED_LIABILITY_COMPANY'
  /** A limited partnership (shoqëri komandite, SH.K.). */
  | 'LIMITED_PARTNERSHIP';

/** Civil status. */
export type MaritalStatus =
  /** Divorced. */
  | 'DIVORCED'
  /** Married. */
  | 'MARRIED'
  /** Never married. */
  | 'SINGLE'
  /** Widowed. */
  | 'WIDOWED';

/** One of the 38 municipalities. */
export type Municipality = {
  __typename?: 'Municipality';
  /** The municipality's code. */
  code: Scalars['Int']['output'];
  /** The Albanian name. */
  nameSq: Scalars['String']['output'];
  /** The Serbian name. */
  nameSr: Scalars['String']['output'];
  /** The region, 1 to 7; vehicle plates carry it as 01 to 07. */
  region: Scalars['Int']['output'];
};

/** Who owns a vehicle. */
export type OwnerKind =
  /** A company. */
  | 'COMPANY'
  /** A citizen. */
  | 'PERSON';

/** Where a page of a list ends and whether another follows. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass this as `after` to read the next page; null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when at least one more item follows this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type Query = {
  __typename?: 'Query';
  /** The address with this id, or null if the address register has none. */
  address?: Maybe<Address>;
  /** Finds addresses by street, settlement, municipality or postal code, as a desk looks one up. */
  addresses: AddressConnection;
  /** The citizen with this personal number, or null if the civil registry has none. */
  citizen?: Maybe<Citizen>;
  /**
   * Many citizens at once, for bulk checks such as payroll: one answer per number, in the order given,
   * null for a number the civil registry does not know.
   */
  citizens: Array<Maybe<Citizen>>;
  /** Up to 1000 companies, in the order asked, null where the business registry has none. */
  companies: Array<Maybe<Company>>;
  /** The company with this business number, or null where the business registry has none. */
  company?: Maybe<Company>;
  /** The driving licence with this number, or null if the registry has none. */
  drivingLicence?: Maybe<DrivingLicence>;
  /**
   * The electoral roll of a municipality for an election: everyone alive and living in the country as
   * the civil registry stands today, registered at an address in the municipality on the cut-off date the
   * law fixes before the election, and 18 or older on election day. A voter who moved after the cut-off
   * stays on the roll of the municipality they lived in then. For the whole roll at once, see
   * `GET /exports/electoral-roll`.
   */
  electoralRoll: VoterConnection;
  /**
   * Identity documents in force (ID cards and passports, status VALID) and driving licences in force
   * (status VALID: neither SUSPENDED nor REVOKED) that expire from today to `withinDays` days ahead, held
   * by living citizens, by expiry date, then number: the list the SMS reminder service works from. Every
   * such document appears exactly once when the pages are followed to the end.
   */
  expiringDocuments: DocumentConnection;
  /** An ID card or passport by its number; null when the registry holds none with it. */
  identityDocument?: Maybe<IdentityDocument>;
  /** All 38 municipalities, by code. */
  municipalities: Array<Municipality>;
  /** The municipality with this code, or null if there is none. */
  municipality?: Maybe<Municipality>;
  /**
   * Who read the caller's own data, when, why and which fields, newest first: for a citizen's own
   * portal, whose token names the citizen. A read an investigation keeps hidden appears from the day
   * its hiding ends.
   */
  myDataAccess: DataAccessConnection;
  /** Citizens matching the filter, by personal number, a page at a time. */
  searchCitizens: CitizenConnection;
  /** The vehicle with this plate, or null if the vehicle registry has none. */
  vehicle?: Maybe<Vehicle>;
  /** The vehicle with this VIN, or null if the vehicle registry has none. */
  vehicleByVin?: Maybe<Vehicle>;
  /**
   * Checks that an ID card or passport is this person's and in force on a day, telling nothing else of
   * the document or the person: the check a procurement officer or a police officer makes of a document
   * shown to them.
   */
  verifyIdentityDocument: IdentityDocumentCheck;
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryAddressArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryAddressesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter: AddressFilter;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryCitizenArgs = {
  personalNumber: Scalars['PersonalNumber']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryCitizensArgs = {
  personalNumbers: Array<Scalars['PersonalNumber']['input']>;
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryCompaniesArgs = {
  businessNumbers: Array<Scalars['String']['input']>;
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryCompanyArgs = {
  businessNumber: Scalars['String']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryDrivingLicenceArgs = {
  number: Scalars['String']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryElectoralRollArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  cutOffDate: Scalars['Date']['input'];
  electionDay: Scalars['Date']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  municipalityCode: Scalars['Int']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryExpiringDocumentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  municipalityCode?: InputMaybe<Scalars['Int']['input']>;
  withinDays: Scalars['Int']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryIdentityDocumentArgs = {
  number: Scalars['String']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryMunicipalityArgs = {
  code: Scalars['Int']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryMyDataAccessArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QuerySearchCitizensArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter: CitizenFilter;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryVehicleArgs = {
  plate: Scalars['String']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryVehicleByVinArgs = {
  vin: Scalars['String']['input'];
};


/**
 * The entry points of the national data gateway. Every answer is read live from the registry that
 * owns the data.
 */
export type QueryVerifyIdentityDocumentArgs = {
  number: Scalars['String']['input'];
  on?: InputMaybe<Scalars['Date']['input']>;
  personalNumber: Scalars['PersonalNumber']['input'];
};

/** The institutions' databases the gateway reads: every type and field says which owns its data. */
export type Registry =
  /** The address register: addresses, settlements and municipalities. */
  | 'ADDRESS_REGISTER'
  /** The gateway's own audit trail: who read whose data, when and why. */
  | 'AUDIT_TRAIL'
  /** The Kosovo Business Registration Agency's business registry, reached through its web service: companies, their owners and representatives. */
  | 'BUSINESS_REGISTRY'
  /** The Civil Registration Agency's civil registry: persons, family links, ID cards and passports. */
  | 'CIVIL_REGISTRY'
  /** The vehicle and driving-licence registry. */
  | 'VEHICLE_REGISTRY';

/** How a person represents a company. */
export type RepresentativeRole =
  /** Another person authorised to sign for it. */
  | 'AUTHORISED_REPRESENTATIVE'
  /** The director. */
  | 'DIRECTOR';

/**
 * A person's registration at an address in the civil registry, from a day to a day, both included. The
 * registry was rebuilt in 2000: registrations carried over from before start on 2000-01-01.
 */
export type Residence = {
  __typename?: 'Residence';
  /** The address registered at. */
  address?: Maybe<Address>;
  /** Why the registration ended; null while it is in force, or where the registry did not record why. */
  endReason?: Maybe<ResidenceEnd>;
  /** The first day registered at the address. */
  from: Scalars['Date']['output'];
  /** The person registered. */
  resident?: Maybe<Citizen>;
  /** The last day registered at the address; null while the registration is in force. */
  to?: Maybe<Scalars['Date']['output']>;
};

/** Why a residence registration ended. */
export type ResidenceEnd =
  /** The person died on the last day. */
  | 'DIED'
  /** The person emigrated: struck off on the last day, with no address in the country since. */
  | 'EMIGRATED'
  /** The person registered at another address from the next day. */
  | 'MOVED';

/**
 * What a consumer system may read. Each consumer is granted some of these; a field names the scopes it
 * needs, and an operation asking for a field outside the caller's scopes is refused before anything is
 * read.
 */
export type Scope =
  /** A citizen's own access log: who read their data, when and why. */
  | 'ACCESS_LOG'
  /** Where people live: addresses, households, residents. */
  | 'ADDRESS'
  /** Companies from the business registry: their owners, representatives and vehicles. */
  | 'COMPANIES'
  /** ID cards and passports. */
  | 'DOCUMENTS'
  /** The electoral roll: a municipality's voters for an election, page by page or exported whole. */
  | 'ELECTORAL_ROLL'
  /** Family ties: father, mother, spouse, children. */
  | 'FAMILY'
  /** Names, dates and places of birth, civil and life status: who a person is. */
  | 'IDENTITY'
  /** Driving licences. */
  | 'LICENCES'
  /** Introspection of this schema. */
  | 'SCHEMA'
  /** Registered vehicles and their owners. */
  | 'VEHICLES'
  /** Yes-or-no checks (alive, adult, holds a valid document or licence, a document shown is the person's and in force) that disclose nothing else. */
  | 'VERIFICATION';

/** A town or village. */
export type Settlement = {
  __typename?: 'Settlement';
  /** The address register's id of the settlement. */
  id: Scalars['ID']['output'];
  /** The municipality the settlement belongs to. */
  municipality?: Maybe<Municipality>;
  /** The Albanian name. */
  nameSq: Scalars['String']['output'];
  /** The Serbian name. */
  nameSr: Scalars['String']['output'];
};

/** Sex as recorded in the civil registry. */
export type Sex =
  /** Female. */
  | 'FEMALE'
  /** Male. */
  | 'MALE';

/** A vehicle in the vehicle registry. */
export type Vehicle = {
  __typename?: 'Vehicle';
  /** The colour, as the registry records it. */
  colour?: Maybe<Scalars['String']['output']>;
  /** The date of first registration; null where the registry's date is missing or impossible. */
  firstRegisteredOn?: Maybe<Scalars['Date']['output']>;
  /** The fuel; null where the registry holds an unrecognised value. */
  fuel?: Maybe<Fuel>;
  /** The make, such as Volkswagen. */
  make?: Maybe<Scalars['String']['output']>;
  /** The model, such as Golf. */
  model?: Maybe<Scalars['String']['output']>;
  /** The owner, when a person owns the vehicle; null for a company. */
  owner?: Maybe<Citizen>;
  /**
   * The owner's business registration number, when a company owns the vehicle.
   * @deprecated Use ownerCompany { businessNumber }, which also says who the company is.
   */
  ownerBusinessNumber?: Maybe<Scalars['String']['output']>;
  /** The company that owns the vehicle; null when a person owns it. */
  ownerCompany?: Maybe<Company>;
  /** Whether a person or a company owns it. */
  ownerKind?: Maybe<OwnerKind>;
  /** The registration plate, such as 01-234-AB; its first two digits are the owner's region. */
  plate: Scalars['String']['output'];
  /** The date the current registration runs out. */
  registrationExpiresOn?: Maybe<Scalars['Date']['output']>;
  /** Active, deregistered or reported stolen. */
  status?: Maybe<VehicleStatus>;
  /** The 17-character vehicle identification number. */
  vin: Scalars['String']['output'];
  /** The year of manufacture. */
  year?: Maybe<Scalars['Int']['output']>;
};

/** A vehicle's standing in the registry. */
export type VehicleStatus =
  /** Registered and in use. */
  | 'ACTIVE'
  /** Taken off the register. */
  | 'DEREGISTERED'
  /** Reported stolen. */
  | 'STOLEN';

/**
 * A voter on a municipality's electoral roll: who they are, and the address they were registered at on
 * the roll's cut-off date.
 */
export type Voter = {
  __typename?: 'Voter';
  /** The address the voter was registered at on the cut-off date, in the roll's municipality. */
  address?: Maybe<Address>;
  /** Date of birth. */
  dateOfBirth?: Maybe<Scalars['Date']['output']>;
  /** The father's first name as written in the civil record; null where none is recorded. */
  fatherName?: Maybe<Scalars['String']['output']>;
  /** First name, as registered. */
  firstName: Scalars['String']['output'];
  /** Last name, as registered. */
  lastName: Scalars['String']['output'];
  /** The personal number. */
  personalNumber: Scalars['PersonalNumber']['output'];
  /** Sex as recorded; null where the registry holds an unrecognised value. */
  sex?: Maybe<Sex>;
};

/** A page of an electoral roll. */
export type VoterConnection = {
  __typename?: 'VoterConnection';
  /**
   * The voters on this page, by last name, then first name, then personal number, each compared by
   * Unicode code point.
   */
  nodes: Array<Voter>;
  /** Where this page ends. */
  pageInfo: PageInfo;
  /** How many voters the whole roll holds. */
  totalCount: Scalars['Int']['output'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Address: ResolverTypeWrapper<AddressEntity>;
  AddressConnection: ResolverTypeWrapper<Omit<AddressConnection, 'nodes'> & { nodes: Array<ResolversTypes['Address']> }>;
  AddressFilter: AddressFilter;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Citizen: ResolverTypeWrapper<CitizenEntity>;
  CitizenConnection: ResolverTypeWrapper<Omit<CitizenConnection, 'nodes'> & { nodes: Array<ResolversTypes['Citizen']> }>;
  CitizenFilter: CitizenFilter;
  CitizenStatus: CitizenStatus;
  Company: ResolverTypeWrapper<CompanyEntity>;
  CompanyOwnership: ResolverTypeWrapper<CompanyOwnerEntity>;
  CompanyRepresentative: ResolverTypeWrapper<CompanyRepresentativeEntity>;
  CompanyStatus: CompanyStatus;
  DataAccess: ResolverTypeWrapper<PersonalAccessEntity>;
  DataAccessConnection: ResolverTypeWrapper<Omit<DataAccessConnection, 'nodes'> & { nodes: Array<ResolversTypes['DataAccess']> }>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  Document: ResolverTypeWrapper<ExpiringDocumentEntity>;
  DocumentConnection: ResolverTypeWrapper<Omit<DocumentConnection, 'nodes'> & { nodes: Array<ResolversTypes['Document']> }>;
  DocumentKind: DocumentKind;
  DocumentStatus: DocumentStatus;
  DrivingLicence: ResolverTypeWrapper<DrivingLicenceEntity>;
  DrivingLicenceStatus: DrivingLicenceStatus;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Fuel: Fuel;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IdentityDocument: ResolverTypeWrapper<IdentityDocumentEntity>;
  IdentityDocumentCheck: ResolverTypeWrapper<IdentityDocumentCheckEntity>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LegalForm: LegalForm;
  MaritalStatus: MaritalStatus;
  Municipality: ResolverTypeWrapper<MunicipalityEntity>;
  OwnerKind: OwnerKind;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PersonalNumber: ResolverTypeWrapper<Scalars['PersonalNumber']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Registry: Registry;
  RepresentativeRole: RepresentativeRole;
  Residence: ResolverTypeWrapper<ResidenceEntity>;
  ResidenceEnd: ResidenceEnd;
  Scope: Scope;
  Settlement: ResolverTypeWrapper<SettlementEntity>;
  Sex: Sex;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Vehicle: ResolverTypeWrapper<VehicleEntity>;
  VehicleStatus: VehicleStatus;
  Voter: ResolverTypeWrapper<VoterEntity>;
  VoterConnection: ResolverTypeWrapper<ElectoralRollPageEntity>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Address: AddressEntity;
  AddressConnection: Omit<AddressConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Address']> };
  AddressFilter: AddressFilter;
  Boolean: Scalars['Boolean']['output'];
  Citizen: CitizenEntity;
  CitizenConnection: Omit<CitizenConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Citizen']> };
  CitizenFilter: CitizenFilter;
  Company: CompanyEntity;
  CompanyOwnership: CompanyOwnerEntity;
  CompanyRepresentative: CompanyRepresentativeEntity;
  DataAccess: PersonalAccessEntity;
  DataAccessConnection: Omit<DataAccessConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['DataAccess']> };
  Date: Scalars['Date']['output'];
  Document: ExpiringDocumentEntity;
  DocumentConnection: Omit<DocumentConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Document']> };
  DrivingLicence: DrivingLicenceEntity;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  IdentityDocument: IdentityDocumentEntity;
  IdentityDocumentCheck: IdentityDocumentCheckEntity;
  Int: Scalars['Int']['output'];
  Municipality: MunicipalityEntity;
  PageInfo: PageInfo;
  PersonalNumber: Scalars['PersonalNumber']['output'];
  Query: Record<PropertyKey, never>;
  Residence: ResidenceEntity;
  Settlement: SettlementEntity;
  String: Scalars['String']['output'];
  Vehicle: VehicleEntity;
  Voter: VoterEntity;
  VoterConnection: ElectoralRollPageEntity;
};

export type ListSizeDirectiveArgs = {
  assumedSize?: Maybe<Scalars['Int']['input']>;
  slicingArguments?: Maybe<Array<Scalars['String']['input']>>;
};

export type ListSizeDirectiveResolver<Result, Parent, ContextType = RequestContext, Args = ListSizeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type OwnerDirectiveArgs = {
  registries: Array<Registry>;
};

export type OwnerDirectiveResolver<Result, Parent, ContextType = RequestContext, Args = OwnerDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ScopeDirectiveArgs = {
  anyOf: Array<Scope>;
};

export type ScopeDirectiveResolver<Result, Parent, ContextType = RequestContext, Args = ScopeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SubjectDirectiveArgs = {
  of?: Maybe<Scalars['String']['input']>;
};

export type SubjectDirectiveResolver<Result, Parent, ContextType = RequestContext, Args = SubjectDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AddressResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Address'] = ResolversParentTypes['Address']> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  apartment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  houseNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  municipality?: Resolver<Maybe<ResolversTypes['Municipality']>, ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  residents?: Resolver<ResolversTypes['CitizenConnection'], ParentType, ContextType, RequireFields<AddressResidentsArgs, 'first'>>;
  settlement?: Resolver<Maybe<ResolversTypes['Settlement']>, ParentType, ContextType>;
  street?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AddressConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['AddressConnection'] = ResolversParentTypes['AddressConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Address']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CitizenResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Citizen'] = ResolversParentTypes['Citizen']> = {
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  addressOn?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType, RequireFields<CitizenAddressOnArgs, 'date'>>;
  children?: Resolver<Array<ResolversTypes['Citizen']>, ParentType, ContextType>;
  companies?: Resolver<Array<ResolversTypes['Company']>, ParentType, ContextType>;
  dateOfBirth?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  dateOfDeath?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  documents?: Resolver<Array<ResolversTypes['IdentityDocument']>, ParentType, ContextType>;
  drivingLicence?: Resolver<Maybe<ResolversTypes['DrivingLicence']>, ParentType, ContextType>;
  father?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  fatherName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hasValidIdentityDocument?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasValidLicence?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType, RequireFields<CitizenHasValidLicenceArgs, 'category'>>;
  household?: Resolver<Array<ResolversTypes['Citizen']>, ParentType, ContextType>;
  isAdult?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType, Partial<CitizenIsAdultArgs>>;
  isAlive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  maritalStatus?: Resolver<Maybe<ResolversTypes['MaritalStatus']>, ParentType, ContextType>;
  mother?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  personalNumber?: Resolver<ResolversTypes['PersonalNumber'], ParentType, ContextType>;
  placeOfBirth?: Resolver<Maybe<ResolversTypes['Municipality']>, ParentType, ContextType>;
  residenceHistory?: Resolver<Array<ResolversTypes['Residence']>, ParentType, ContextType>;
  sex?: Resolver<Maybe<ResolversTypes['Sex']>, ParentType, ContextType>;
  spouse?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['CitizenStatus']>, ParentType, ContextType>;
  vehicles?: Resolver<Maybe<Array<ResolversTypes['Vehicle']>>, ParentType, ContextType>;
};

export type CitizenConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CitizenConnection'] = ResolversParentTypes['CitizenConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Citizen']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CompanyResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Company'] = ResolversParentTypes['Company']> = {
  businessNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalForm?: Resolver<Maybe<ResolversTypes['LegalForm']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owners?: Resolver<Array<ResolversTypes['CompanyOwnership']>, ParentType, ContextType>;
  registeredOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  representatives?: Resolver<Array<ResolversTypes['CompanyRepresentative']>, ParentType, ContextType>;
  seatAddress?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['CompanyStatus']>, ParentType, ContextType>;
  vehicles?: Resolver<Array<ResolversTypes['Vehicle']>, ParentType, ContextType>;
};

export type CompanyOwnershipResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CompanyOwnership'] = ResolversParentTypes['CompanyOwnership']> = {
  company?: Resolver<Maybe<ResolversTypes['Company']>, ParentType, ContextType>;
  person?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  sharePercent?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type CompanyRepresentativeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CompanyRepresentative'] = ResolversParentTypes['CompanyRepresentative']> = {
  person?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['RepresentativeRole']>, ParentType, ContextType>;
};

export type DataAccessResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DataAccess'] = ResolversParentTypes['DataAccess']> = {
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  institution?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  legalBasis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  purpose?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  system?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DataAccessConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DataAccessConnection'] = ResolversParentTypes['DataAccessConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['DataAccess']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export type DocumentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Document'] = ResolversParentTypes['Document']> = {
  __resolveType: TypeResolveFn<'DrivingLicence' | 'IdentityDocument', ParentType, ContextType>;
};

export type DocumentConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DocumentConnection'] = ResolversParentTypes['DocumentConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Document']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type DrivingLicenceResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DrivingLicence'] = ResolversParentTypes['DrivingLicence']> = {
  categories?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  expiresOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  holder?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  issuedOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  penaltyPoints?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['DrivingLicenceStatus']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IdentityDocumentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['IdentityDocument'] = ResolversParentTypes['IdentityDocument']> = {
  expiresOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  holder?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  issuedOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['DocumentKind']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['DocumentStatus']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type IdentityDocumentCheckResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['IdentityDocumentCheck'] = ResolversParentTypes['IdentityDocumentCheck']> = {
  belongsToPerson?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  checkedOn?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  personalNumber?: Resolver<ResolversTypes['PersonalNumber'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['DocumentStatus']>, ParentType, ContextType>;
  validOn?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type MunicipalityResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Municipality'] = ResolversParentTypes['Municipality']> = {
  code?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  nameSq?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nameSr?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export interface PersonalNumberScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['PersonalNumber'], any> {
  name: 'PersonalNumber';
}

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType, RequireFields<QueryAddressArgs, 'id'>>;
  addresses?: Resolver<ResolversTypes['AddressConnection'], ParentType, ContextType, RequireFields<QueryAddressesArgs, 'filter' | 'first'>>;
  citizen?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType, RequireFields<QueryCitizenArgs, 'personalNumber'>>;
  citizens?: Resolver<Array<Maybe<ResolversTypes['Citizen']>>, ParentType, ContextType, RequireFields<QueryCitizensArgs, 'personalNumbers'>>;
  companies?: Resolver<Array<Maybe<ResolversTypes['Company']>>, ParentType, ContextType, RequireFields<QueryCompaniesArgs, 'businessNumbers'>>;
  company?: Resolver<Maybe<ResolversTypes['Company']>, ParentType, ContextType, RequireFields<QueryCompanyArgs, 'businessNumber'>>;
  drivingLicence?: Resolver<Maybe<ResolversTypes['DrivingLicence']>, ParentType, ContextType, RequireFields<QueryDrivingLicenceArgs, 'number'>>;
  electoralRoll?: Resolver<ResolversTypes['VoterConnection'], ParentType, ContextType, RequireFields<QueryElectoralRollArgs, 'cutOffDate' | 'electionDay' | 'first' | 'municipalityCode'>>;
  expiringDocuments?: Resolver<ResolversTypes['DocumentConnection'], ParentType, ContextType, RequireFields<QueryExpiringDocumentsArgs, 'first' | 'withinDays'>>;
  identityDocument?: Resolver<Maybe<ResolversTypes['IdentityDocument']>, ParentType, ContextType, RequireFields<QueryIdentityDocumentArgs, 'number'>>;
  municipalities?: Resolver<Array<ResolversTypes['Municipality']>, ParentType, ContextType>;
  municipality?: Resolver<Maybe<ResolversTypes['Municipality']>, ParentType, ContextType, RequireFields<QueryMunicipalityArgs, 'code'>>;
  myDataAccess?: Resolver<ResolversTypes['DataAccessConnection'], ParentType, ContextType, RequireFields<QueryMyDataAccessArgs, 'first'>>;
  searchCitizens?: Resolver<ResolversTypes['CitizenConnection'], ParentType, ContextType, RequireFields<QuerySearchCitizensArgs, 'filter' | 'first'>>;
  vehicle?: Resolver<Maybe<ResolversTypes['Vehicle']>, ParentType, ContextType, RequireFields<QueryVehicleArgs, 'plate'>>;
  vehicleByVin?: Resolver<Maybe<ResolversTypes['Vehicle']>, ParentType, ContextType, RequireFields<QueryVehicleByVinArgs, 'vin'>>;
  verifyIdentityDocument?: Resolver<ResolversTypes['IdentityDocumentCheck'], ParentType, ContextType, RequireFields<QueryVerifyIdentityDocumentArgs, 'number' | 'personalNumber'>>;
};

export type ResidenceResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Residence'] = ResolversParentTypes['Residence']> = {
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  endReason?: Resolver<Maybe<ResolversTypes['ResidenceEnd']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  resident?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
};

export type SettlementResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Settlement'] = ResolversParentTypes['Settlement']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  municipality?: Resolver<Maybe<ResolversTypes['Municipality']>, ParentType, ContextType>;
  nameSq?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nameSr?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VehicleResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Vehicle'] = ResolversParentTypes['Vehicle']> = {
  colour?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstRegisteredOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  fuel?: Resolver<Maybe<ResolversTypes['Fuel']>, ParentType, ContextType>;
  make?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  model?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  ownerBusinessNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ownerCompany?: Resolver<Maybe<ResolversTypes['Company']>, ParentType, ContextType>;
  ownerKind?: Resolver<Maybe<ResolversTypes['OwnerKind']>, ParentType, ContextType>;
  plate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registrationExpiresOn?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['VehicleStatus']>, ParentType, ContextType>;
  vin?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  year?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type VoterResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Voter'] = ResolversParentTypes['Voter']> = {
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  dateOfBirth?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  fatherName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  personalNumber?: Resolver<ResolversTypes['PersonalNumber'], ParentType, ContextType>;
  sex?: Resolver<Maybe<ResolversTypes['Sex']>, ParentType, ContextType>;
};

export type VoterConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['VoterConnection'] = ResolversParentTypes['VoterConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Voter']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  Address?: AddressResolvers<ContextType>;
  AddressConnection?: AddressConnectionResolvers<ContextType>;
  Citizen?: CitizenResolvers<ContextType>;
  CitizenConnection?: CitizenConnectionResolvers<ContextType>;
  Company?: CompanyResolvers<ContextType>;
  CompanyOwnership?: CompanyOwnershipResolvers<ContextType>;
  CompanyRepresentative?: CompanyRepresentativeResolvers<ContextType>;
  DataAccess?: DataAccessResolvers<ContextType>;
  DataAccessConnection?: DataAccessConnectionResolvers<ContextType>;
  Date?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  DocumentConnection?: DocumentConnectionResolvers<ContextType>;
  DrivingLicence?: DrivingLicenceResolvers<ContextType>;
  IdentityDocument?: IdentityDocumentResolvers<ContextType>;
  IdentityDocumentCheck?: IdentityDocumentCheckResolvers<ContextType>;
  Municipality?: MunicipalityResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PersonalNumber?: GraphQLScalarType;
  Query?: QueryResolvers<ContextType>;
  Residence?: ResidenceResolvers<ContextType>;
  Settlement?: SettlementResolvers<ContextType>;
  Vehicle?: VehicleResolvers<ContextType>;
  Voter?: VoterResolvers<ContextType>;
  VoterConnection?: VoterConnectionResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = RequestContext> = {
  listSize?: ListSizeDirectiveResolver<any, any, ContextType>;
  owner?: OwnerDirectiveResolver<any, any, ContextType>;
  scope?: ScopeDirectiveResolver<any, any, ContextType>;
  subject?: SubjectDirectiveResolver<any, any, ContextType>;
};
