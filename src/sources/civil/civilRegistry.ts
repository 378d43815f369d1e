import { sql, type SelectQueryBuilder } from 'kysely';
import type { Logger } from 'pino';
import type { RegistryResilience } from '../../config.js';
import type { Citizen, DocumentPosition, IdentityDocument, IsoDate, Voter, VoterPosition } from '../../domain.js';
import type { Connection } from '../engine.js';
import { Registry } from '../registry.js';
import { foldName, foldedSql } from '../fold.js';
import { PERSON_COLUMNS, RESIDENCE_COLUMNS, toCitizen, toFamilyLink, toIdentityDocument, toResidence } from './mapping.js';
import type { CivilRegistryDatabase } from './rows.js';

/** Who to look for; every given criterion must hold. Name criteria are accent-insensitive prefixes. */
export interface CitizenSearch {
  lastNamePrefix?: string;
  firstNamePrefix?: string;
  dateOfBirth?: IsoDate;
  birthMunicipalityCode?: number;
  /** Living people registered now at one of these addresses: those of a municipality. */
  residenceAddressIds?: readonly string[];
}

/**
 * Who is on an electoral roll: alive and living in the country as the registry stands, registered on
 * the cut-off date at one of the municipality's addresses, and born on or before the last birthday
 * that makes them 18 on election day.
 */
export interface RollQuery {
  addressIds: readonly string[];
  cutOffDate: IsoDate;
  bornOnOrBefore: IsoDate;
}

const DOCUMENT_COLUMNS = ['doc_no', 'personal_no', 'doc_type', 'issued_on', 'expires_on', 'status'] as const;

/** The Civil Registration Agency's registry: persons, family links, ID cards and passports. */
export class CivilRegistry extends Registry<CivilRegistryDatabase> {
  constructor(connection: Connection<CivilRegistryDatabase>, log: Logger, resilience: RegistryResilience) {
    super('civil registry', connection, log, resilience);
  }

  /** The persons with these personal numbers (unknown numbers are simply absent). */
  personsByNumbers = this.byKeys('personsByNumbers', toCitizen, (numbers: string[]) => this.persons().where('personal_no', 'in', numbers));

  /** The living persons registered at these addresses, in personal-number order. */
  residentsOfAddresses = this.byKeys('residentsOfAddresses', toCitizen, (addressIds: string[]) =>
    this.persons().where('address_id', 'in', addressIds).where('status', '=', 'A').orderBy('personal_no'),
  );

  /** The father, mother and spouse links recorded for these persons. */
  familyLinksOf = this.byKeys('familyLinksOf', toFamilyLink, (numbers: string[]) => this.familyLinks().where('personal_no', 'in', numbers));

  /** The links that name these persons as someone's father or mother. */
  parentLinksTo = this.byKeys('parentLinksTo', toFamilyLink, (numbers: string[]) =>
    this.familyLinks().where('related_no', 'in', numbers).where('relation', 'in', ['F', 'M']).orderBy('personal_no'),
  );

  /** The ID cards and passports of these persons, newest first. */
  documentsOfHolders = this.byKeys('documentsOfHolders', toIdentityDocument, (numbers: string[]) =>
    this.documents().where('personal_no', 'in', numbers).orderBy('issued_on', 'desc').orderBy('doc_no'),
  );

  /** The ID cards and passports with these numbers (unknown numbers are simply absent). */
  documentsByNumbers = this.byKeys('documentsByNumbers', toIdentityDocument, (numbers: string[]) => this.documents().where('doc_no', 'in', numbers));

  /** The residence registrations of these persons, each person's in the order they began. */
  residencesOf = this.byKeys('residencesOf', toResidence, (numbers: string[]) =>
    this.db.selectFrom('residence_reg').select(RESIDENCE_COLUMNS).where('personal_no', 'in', numbers).orderBy('personal_no').orderBy('reg_from'),
  );

  /** One keyset page of persons matching `search`, in personal-number order. */
  async searchPersons(search: CitizenSearch, afterPersonalNumber: string | null, limit: number): Promise<Citizen[]> {
    const rows = await this.select('searchPersons', this.searching(this.persons(), search, afterPersonalNumber, limit));
    return rows.map((row) => toCitizen(row, this.warn));
  }

  /** The personal numbers of one keyset page of persons matching `search`, in order: nothing else is read. */
  async searchPersonNumbers(search: CitizenSearch, afterPersonalNumber: string | null, limit: number): Promise<string[]> {
    const rows = await this.select('searchPersonNumbers', this.searching(this.db.selectFrom('person').select('personal_no'), search, afterPersonalNumber, limit));
    return rows.map((row) => row.personal_no.trim());
  }

  // `query` narrowed to one keyset page of the persons `search` finds, in personal-number order.
  private searching<O>(query: SelectQueryBuilder<CivilRegistryDatabase, 'person', O>, search: CitizenSearch, afterPersonalNumber: string | null, limit: number) {
    if (search.lastNamePrefix !== undefined) {
      query = query.where(sql.raw(foldedSql(this.engine, 'last_name')), 'like', `${foldName(search.lastNamePrefix)}%`);
    }
    if (search.firstNamePrefix !== undefined) {
      query = query.where(sql.raw(foldedSql(this.engine, 'first_name')), 'like', `${foldName(search.firstNamePrefix)}%`);
    }
    if (search.dateOfBirth !== undefined) query = query.where('birth_date', '=', search.dateOfBirth);
    if (search.birthMunicipalityCode !== undefined) query = query.where('birth_municipality', '=', search.birthMunicipalityCode);
    if (search.residenceAddressIds !== undefined) query = query.where('status', '=', 'A').where(this.atAnyOf('address_id', search.residenceAddressIds));
    if (afterPersonalNumber !== null) query = query.where('personal_no', '>', afterPersonalNumber);
    return query.orderBy('personal_no').limit(limit);
  }

  /** One keyset page of an electoral roll, in (last name, first name, personal number) order after `after`. */
  async electoralRoll(roll: RollQuery, after: VoterPosition | null, limit: number): Promise<Voter[]> {
    const [lastName, firstName] = [this.rollOrder('p.last_name'), this.rollOrder('p.first_name')];
    let query = this.voters(roll).select([...PERSON_COLUMNS.map((column) => `p.${column}` as const), 'r.address_id as roll_address_id']);
    if (after !== null) {
      query = query.where(sql<boolean>`(${lastName}, ${firstName}, p.personal_no) > (${after.lastName}, ${after.firstName}, ${after.personalNumber})`);
    }
    const rows = await this.select('electoralRoll', query.orderBy(lastName).orderBy(firstName).orderBy('p.personal_no').limit(limit));
    // Added to the citizen, not spread into a new object: V8 would give each voter a hidden class of its own.
    return rows.map((row) => Object.assign(toCitizen(row, this.warn), { rollAddressId: String(row.roll_address_id) }));
  }

  /** How many voters an electoral roll holds. */
  async electoralRollSize(roll: RollQuery): Promise<number> {
    const [row] = await this.select('electoralRollSize', this.voters(roll).select((eb) => eb.fn.countAll<number | string>().as('voters')));
    return Number(row?.voters ?? 0);
  }

  // The registrations in force on the cut-off date at the roll's addresses, with their living adult persons.
  private voters(roll: RollQuery) {
    return this.db
      .selectFrom('residence_reg as r')
      .innerJoin('person as p', 'p.personal_no', 'r.personal_no')
      .where(this.atAnyOf('r.address_id', roll.addressIds))
      .where('r.reg_from', '<=', roll.cutOffDate)
      .where((eb) => eb.or([eb('r.reg_to', 'is', null), eb('r.reg_to', '>=', roll.cutOffDate)]))
      .where('p.status', '=', 'A')
      .where('p.birth_date', '<=', roll.bornOnOrBefore);
  }

  // Whether an address column holds one of `ids`. The civil registry runs on PostgreSQL, or on SQLite
  // embedded: the ids travel as one array either way, however many a municipality has.
  private atAnyOf(column: 'address_id' | 'r.address_id', ids: readonly string[]) {
    return this.engine === 'postgres'
      ? sql<boolean>`${sql.ref(column)} = any(${ids}::bigint[])`
      : sql<boolean>`${sql.ref(column)} in (select cast(value as integer) from json_each(${JSON.stringify(ids)}))`;
  }

  // A name as the roll orders it: without the blanks some were keyed with, compared by code point on
  // every engine.
  private rollOrder(column: 'p.last_name' | 'p.first_name') {
    return this.engine === 'postgres' ? sql<string>`trim(${sql.ref(column)}) collate "C"` : sql<string>`trim(${sql.ref(column)})`;
  }

  /** Valid ID cards and passports expiring from `from` to `to`, in (expiry, number) order after `after`. */
  async validDocumentsExpiring(from: IsoDate, to: IsoDate, after: DocumentPosition | null, limit: number): Promise<IdentityDocument[]> {
    // Document numbers compare bytewise on every engine, as the gateway merges pages in that order.
    const docNo = this.engine === 'postgres' ? sql<string>`doc_no collate "C"` : sql<string>`doc_no`;
    let query = this.documents()
      .where('status', '=', 'V')
      .where('expires_on', '>=', from)
      .where('expires_on', '<=', to);
    if (after !== null) {
      query = query.where((eb) =>
        eb.or([eb('expires_on', '>', after.expiresOn), eb.and([eb('expires_on', '=', after.expiresOn), eb(docNo, '>', after.number)])]),
      );
    }
    const rows = await this.select('validDocumentsExpiring', query.orderBy('expires_on').orderBy(docNo).limit(limit));
    return rows.map((row) => toIdentityDocument(row, this.warn));
  }

  private persons() {
    return this.db.selectFrom('person').select(PERSON_COLUMNS);
  }

  private familyLinks() {
    return this.db.selectFrom('family_link').select(['personal_no', 'related_no', 'relation']);
  }

  private documents() {
    return this.db.selectFrom('id_document').select(DOCUMENT_COLUMNS);
  }
}
