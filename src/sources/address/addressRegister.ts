import type { Logger } from 'pino';
import type { RegistryResilience } from '../../config.js';
import type { Municipality } from '../../domain.js';
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
  addressesByIds = this.byKeys('addressesByIds', toAddress, (ids: string[]) =>
    this.db
      .selectFrom('adresa')
      .innerJoin('vendbanimi', 'vendbanimi.id', 'adresa.vendbanimi_id')
      .select([
        'adresa.id', 'adresa.vendbanimi_id', 'adresa.rruga', 'adresa.numri', 'adresa.banesa',
        'adresa.kodi_postar', 'adresa.aktive', 'vendbanimi.komuna_kodi',
      ])
      .where('adresa.id', 'in', ids),
  );

  /** The settlements with these ids. */
  settlementsByIds = this.byKeys('settlementsByIds', toSettlement, (ids: number[]) =>
    this.db.selectFrom('vendbanimi').select(['id', 'komuna_kodi', 'emri_sq', 'emri_sr']).where('id', 'in', ids),
  );

  /** The municipalities with these codes. */
  municipalitiesByCodes = this.byKeys('municipalitiesByCodes', toMunicipality, (codes: number[]) => this.municipalities().where('kodi', 'in', codes));

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
