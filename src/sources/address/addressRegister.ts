import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { RegistryResilience } from '../../config.js';
import type { Address, Municipality } from '../../domain.js';
import type { Connection } from '../engine.js';
import { foldedSql, foldName } from '../fold.js';
import { Registry } from '../registry.js';
import { toAddress, toMunicipality, toSettlement } from './mapping.js';
import type { AddressRegisterDatabase } from './rows.js';

/** Which addresses to find; every criterion given must hold. The street is an accent-insensitive prefix of its name or of a word in it. */
export interface AddressSearch {
  streetPrefix?: string;
  settlementId?: number;
  municipalityCode?: number;
  postalCode?: string;
}

/** The address register: municipalities, settlements and street addresses. */
export class AddressRegister extends Registry<AddressRegisterDatabase> {
  constructor(connection: Connection<AddressRegisterDatabase>, log: Logger, resilience: RegistryResilience) {
    super('address register', connection, log, resilience);
  }

  /** The addresses with these ids, each with its settlement's municipality. */
  addressesByIds = this.byKeys('addressesByIds', toAddress, (ids: string[]) => this.addresses().where('adresa.id', 'in', ids));

  /** One keyset page of the addresses matching `search`, in id order. */
  async searchAddresses(search: AddressSearch, afterId: string | null, limit: number): Promise<Address[]> {
    let query = this.addresses();
    if (search.streetPrefix !== undefined) {
      // The name's start, or a word's: streets are "Rruga ...", "Ulica ...", and desks type the rest.
      const street = sql.raw(foldedSql(this.engine, 'adresa.rruga'));
      const prefix = foldName(search.streetPrefix);
      query = query.where((eb) => eb.or([eb(street, 'like', `${prefix}%`), eb(street, 'like', `% ${prefix}%`)]));
    }
    if (search.settlementId !== undefined) query = query.where('adresa.vendbanimi_id', '=', search.settlementId);
    if (search.municipalityCode !== undefined) query = query.where('vendbanimi.komuna_kodi', '=', search.municipalityCode);
    if (search.postalCode !== undefined) query = query.where('adresa.kodi_postar', '=', search.postalCode);
    if (afterId !== null) query = query.where('adresa.id', '>', afterId);
    const rows = await this.select('searchAddresses', query.orderBy('adresa.id').limit(limit));
    return rows.map(toAddress);
  }

  /** The settlements with these ids. */
  settlementsByIds = this.byKeys('settlementsByIds', toSettlement, (ids: number[]) =>
    this.db.selectFrom('vendbanimi').select(['id', 'komuna_kodi', 'emri_sq', 'emri_sr']).where('id', 'in', ids),
  );

  /** The municipalities with these codes. */
  municipalitiesByCodes = this.byKeys('municipalitiesByCodes', toMunicipality, (codes: number[]) => this.municipalities().where('kodi', 'in', codes));

  // Addresses with their settlement's municipality.
  private addresses() {
    return this.db
      .selectFrom('adresa')
      .innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id')
      .select([
        'adresa.id', 'adresa.vendbanimi_id', 'adresa.rruga', 'adresa.numri', 'adresa.banesa',
        'adresa.kodi_postar', 'adresa.aktive', 'vendbanimi.komuna_kodi',
      ]);
  }

  /** Every municipality, by code. */
  async allMunicipalities(): Promise<Municipality[]> {
    const rows = await this.select('allMunicipalities', this.municipalities().orderBy('kodi'));
    return rows.map(toMunicipality);
  }

  /** The ids of every address in the municipality. */
  async addressIdsInMunicipality(code: number): Promise<string[]> {
    const rows = await this.select(
      'addressIdsInMunicipality',
      this.db
        .selectFrom('adresa')
        .innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id')
        .select('adresa.id')
        .where('vendbanimi.komuna_kodi', '=', code),
    );
    return rows.map((row) => String(row.id));
  }

  private municipalities() {
    return this.db.selectFrom('komuna').select(['kodi', 'emri_sq', 'emri_sr', 'rajoni']);
  }
}
