import type { Logger } from 'pino';
import type { RegistryResilience } from '../../config.js';
import type { Address, Municipality, Settlement } from '../../domain.js';
import type { Connection } from '../engine.js';
import { Registry } from '../registry.js';
import { toAddress, toMunicipality, toSettlement } from './mapping.js';
import type { AddressRegisterDatabase } from './rows.js';

/** The address register: municipalities, settlements and street addresses. */
export class AddressRegister extends Registry<AddressRegisterDatabase> {
  constructor(connection: Connection<AddressRegisterDatabase>, log: Logger, resilience: RegistryResilience) {
    super('address register', connection, log, resilience);
  }

  /** The addresses with these ids, each with its settlement's municipality. */
  async addressesByIds(ids: readonly string[]): Promise<Address[]> {
    const rows = await this.selectInChunks(ids, 'addressesByIds', (chunk) =>
      this.db
        .selectFrom('adresa')
        .innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id')
        .select([
          'adresa.id', 'adresa.vendbanimi_id', 'adresa.rruga', 'adresa.numri', 'adresa.banesa',
          'adresa.kodi_postar', 'adresa.aktive', 'vendbanimi.komuna_kodi',
        ])
        .where('adresa.id', 'in', chunk),
    );
    return rows.map(toAddress);
  }

  /** The settlements with these ids. */
  async settlementsByIds(ids: readonly number[]): Promise<Settlement[]> {
    const rows = await this.selectInChunks(ids, 'settlementsByIds', (chunk) =>
      this.db.selectFrom('vendbanimi').select(['id', 'komuna_kodi', 'emri_sq', 'emri_sr']).where('id', 'in', chunk),
    );
    return rows.map(toSettlement);
  }

  /** The municipalities with these codes. */
  async municipalitiesByCodes(codes: readonly number[]): Promise<Municipality[]> {
    const rows = await this.selectInChunks(codes, 'municipalitiesByCodes', (chunk) =>
      this.db.selectFrom('komuna').select(['kodi', 'emri_sq', 'emri_sr', 'rajoni']).where('kodi', 'in', chunk),
    );
    return rows.map(toMunicipality);
  }

  /** Every municipality, by code. */
  async allMunicipalities(): Promise<Municipality[]> {
    const rows = await this.select('allMunicipalities', this.db.selectFrom('komuna').select(['kodi', 'emri_sq', 'emri_sr', 'rajoni']).orderBy('kodi'));
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
}
