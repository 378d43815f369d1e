import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { RegistryResilience } from '../../config.js';
import type { Citizen, DocumentPosition, FamilyLink, IdentityDocument, IsoDate } from '../../domain.js';
import type { Connection } from '../engine.js';
import { Registry } from '../registry.js';
import { foldName, foldedSql } from './fold.js';
import { PERSON_COLUMNS, toCitizen, toFamilyLink, toIdentityDocument } from './mapping.js';
import type { CivilRegistryDatabase } from './rows.js';

/** Who to look for; every given criterion must hold. Name criteria are accent-insensitive prefixes. */
export interface CitizenSearch {
  lastNamePrefix?: string;
  firstNamePrefix?: string;
  dateOfBirth?: IsoDate;
  birthMunicipalityCode?: number;
}

const DOCUMENT_COLUMNS = ['doc_no', 'personal_no', 'doc_type', 'issued_on', 'expires_on', 'status'] as const;

/** The Civil Registration Agency's registry: persons, family links, ID cards and passports. */
export class CivilRegistry extends Registry<CivilRegistryDatabase> {
  constructor(connection: Connection<CivilRegistryDatabase>, log: Logger, resilience: RegistryResilience) {
    super('civil registry', connection, log, resilience);
  }

  /** The persons with these personal numbers (unknown numbers are simply absent). */
  async personsByNumbers(personalNumbers: readonly string[]): Promise<Citizen[]> {
    const rows = await this.selectInChunks(personalNumbers, 'personsByNumbers', (chunk) =>
      this.db.selectFrom('person').select(PERSON_COLUMNS).where('personal_no', 'in', chunk),
    );
    return rows.map((row) => toCitizen(row, this.warn));
  }

  /** The living persons registered at these addresses, in personal-number order. */
  async residentsOfAddresses(addressIds: readonly string[]): Promise<Citizen[]> {
    const rows = await this.selectInChunks(addressIds, 'residentsOfAddresses', (chunk) =>
      this.db
        .selectFrom('person')
        .select(PERSON_COLUMNS)
        .where('address_id', 'in', chunk)
        .where('status', '=', 'A')
        .orderBy('personal_no'),
    );
    return rows.map((row) => toCitizen(row, this.warn));
  }

  /** The father, mother and spouse links recorded for these persons. */
  async familyLinksOf(personalNumbers: readonly string[]): Promise<FamilyLink[]> {
    const rows = await this.selectInChunks(personalNumbers, 'familyLinksOf', (chunk) =>
      this.db.selectFrom('family_link').select(['personal_no', 'related_no', 'relation']).where('personal_no', 'in', chunk),
    );
    return rows.flatMap((row) => toFamilyLink(row, this.warn) ?? []);
  }

  /** The links that name these persons as someone's father or mother. */
  async parentLinksTo(personalNumbers: readonly string[]): Promise<FamilyLink[]> {
    const rows = await this.selectInChunks(personalNumbers, 'parentLinksTo', (chunk) =>
      this.db
        .selectFrom('family_link')
        .select(['personal_no', 'related_no', 'relation'])
        .where('related_no', 'in', chunk)
        .where('relation', 'in', ['F', 'M'])
        .orderBy('personal_no'),
    );
    return rows.flatMap((row) => toFamilyLink(row, this.warn) ?? []);
  }

  /** The ID cards and passports of these persons, newest first. */
  async documentsOfHolders(personalNumbers: readonly string[]): Promise<IdentityDocument[]> {
    const rows = await this.selectInChunks(personalNumbers, 'documentsOfHolders', (chunk) =>
      this.db
        .selectFrom('id_document')
        .select(DOCUMENT_COLUMNS)
        .where('personal_no', 'in', chunk)
        .orderBy('issued_on', 'desc')
        .orderBy('doc_no'),
    );
    return rows.map((row) => toIdentityDocument(row, this.warn));
  }

  /** One keyset page of persons matching `search`, in personal-number order. */
  async searchPersons(search: CitizenSearch, afterPersonalNumber: string | null, limit: number): Promise<Citizen[]> {
    let query = this.db.selectFrom('person').select(PERSON_COLUMNS);
    if (search.lastNamePrefix !== undefined) {
      query = query.where(sql.raw(foldedSql(this.engine, 'last_name')), 'like', `${foldName(search.lastNamePrefix)}%`);
    }
    if (search.firstNamePrefix !== undefined) {
      query = query.where(sql.raw(foldedSql(this.engine, 'first_name')), 'like', `${foldName(search.firstNamePrefix)}%`);
    }
    if (search.dateOfBirth !== undefined) query = query.where('birth_date', '=', search.dateOfBirth);
    if (search.birthMunicipalityCode !== undefined) query = query.where('birth_municipality', '=', search.birthMunicipalityCode);
    if (afterPersonalNumber !== null) query = query.where('personal_no', '>', afterPersonalNumber);
    const rows = await this.select('searchPersons', query.orderBy('personal_no').limit(limit));
    return rows.map((row) => toCitizen(row, this.warn));
  }

  /** Valid ID cards and passports expiring from `from` to `to`, in (expiry, number) order after `after`. */
  async validDocumentsExpiring(from: IsoDate, to: IsoDate, after: DocumentPosition | null, limit: number): Promise<IdentityDocument[]> {
    // Document numbers compare bytewise on every engine, as the gateway merges pages in that order.
    const docNo = this.engine === 'postgres' ? sql<string>`doc_no collate "C"` : sql<string>`doc_no`;
    let query = this.db
      .selectFrom('id_document')
      .select(DOCUMENT_COLUMNS)
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
}
