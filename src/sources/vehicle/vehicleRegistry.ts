import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { RegistryResilience } from '../../config.js';
import type { DocumentPosition, DrivingLicence, IsoDate, Vehicle } from '../../domain.js';
import { addDays, daysBetween } from '../../dates.js';
import type { Connection } from '../engine.js';
import { toDottedDate } from '../legacyValues.js';
import { Registry } from '../registry.js';
import { toDrivingLicence, toVehicle } from './mapping.js';
import type { VehicleRegistryDatabase } from './rows.js';

const VEHICLE_COLUMNS = [
  'ID', 'TARGA', 'SHASIA', 'MARKA', 'MODELI', 'VITI', 'NGJYRA', 'KARBURANTI', 'LLOJI_PRONARIT', 'PRONARI',
  'DATA_REGJ', 'SKADON', 'STATUSI',
] as const;
const LICENCE_COLUMNS = ['NR_PATENTES', 'NR_PERSONAL', 'KATEGORITE', 'LESHUAR', 'SKADON', 'PIKET', 'STATUSI'] as const;

/** The vehicle and driving-licence registry. */
export class VehicleRegistry extends Registry<VehicleRegistryDatabase> {
  constructor(connection: Connection<VehicleRegistryDatabase>, log: Logger, resilience: RegistryResilience) {
    super('vehicle registry', connection, log, resilience);
  }

  /** The vehicles with these canonical plates. */
  async vehiclesByPlates(plates: readonly string[]): Promise<Vehicle[]> {
    const rows = await this.selectInChunks(plates, 'vehiclesByPlates', (chunk) =>
      this.db.selectFrom('AUTOMJETET').select(VEHICLE_COLUMNS).where('TARGA', 'in', chunk),
    );
    return rows.map((row) => toVehicle(row, this.warn));
  }

  /** The vehicles with these VINs. */
  async vehiclesByVins(vins: readonly string[]): Promise<Vehicle[]> {
    const rows = await this.selectInChunks(vins, 'vehiclesByVins', (chunk) =>
      this.db.selectFrom('AUTOMJETET').select(VEHICLE_COLUMNS).where('SHASIA', 'in', chunk),
    );
    return rows.map((row) => toVehicle(row, this.warn));
  }

  /** The vehicles these persons own (company-owned vehicles are not looked up by person). */
  async vehiclesOfOwners(personalNumbers: readonly string[]): Promise<Vehicle[]> {
    const rows = await this.selectInChunks(personalNumbers, 'vehiclesOfOwners', (chunk) =>
      this.db
        .selectFrom('AUTOMJETET')
        .select(VEHICLE_COLUMNS)
        .where('PRONARI', 'in', chunk)
        .where('LLOJI_PRONARIT', '=', 'F')
        .orderBy('ID'),
    );
    return rows.map((row) => toVehicle(row, this.warn));
  }

  /** The driving licences with these numbers. */
  async licencesByNumbers(numbers: readonly string[]): Promise<DrivingLicence[]> {
    const rows = await this.selectInChunks(numbers, 'licencesByNumbers', (chunk) =>
      this.db.selectFrom('PATENTAT').select(LICENCE_COLUMNS).where('NR_PATENTES', 'in', chunk),
    );
    return rows.map((row) => toDrivingLicence(row, this.warn));
  }

  /** Every driving licence, current or past, of these persons. */
  async licencesOfHolders(personalNumbers: readonly string[]): Promise<DrivingLicence[]> {
    const rows = await this.selectInChunks(personalNumbers, 'licencesOfHolders', (chunk) =>
      this.db.selectFrom('PATENTAT').select(LICENCE_COLUMNS).where('NR_PERSONAL', 'in', chunk),
    );
    return rows.map((row) => toDrivingLicence(row, this.warn));
  }

  /**
   * Licences not revoked that expire from `from` to `to`, in (expiry, number) order after `after`.
   * Expiry is a 'DD.MM.YYYY' string, so the window is listed day by day to use the index on it.
   */
  async licencesExpiring(from: IsoDate, to: IsoDate, after: DocumentPosition | null, limit: number): Promise<DrivingLicence[]> {
    const laterDays = daysBetween(after === null || after.expiresOn < from ? from : addDays(after.expiresOn, 1), to).map(toDottedDate);
    const sameDay = after !== null && after.expiresOn >= from && after.expiresOn <= to ? after : null;
    if (laterDays.length === 0 && sameDay === null) return [];
    const expiry =
      this.engine === 'sqlite'
        ? sql<string>`substr(SKADON, 7, 4) || substr(SKADON, 4, 2) || substr(SKADON, 1, 2)`
        : sql<string>`concat(substr(SKADON, 7, 4), substr(SKADON, 4, 2), substr(SKADON, 1, 2))`;
    const query = this.db
      .selectFrom('PATENTAT')
      .select(LICENCE_COLUMNS)
      .where(sql<string>`trim(STATUSI)`, '<>', 'REVOKUAR')
      .where((eb) => {
        const windows = [];
        if (laterDays.length > 0) windows.push(eb('SKADON', 'in', laterDays));
        if (sameDay !== null) windows.push(eb.and([eb('SKADON', '=', toDottedDate(sameDay.expiresOn)), eb('NR_PATENTES', '>', sameDay.number)]));
        return eb.or(windows);
      })
      .orderBy(expiry)
      .orderBy('NR_PATENTES')
      .limit(limit);
    const rows = await this.select('licencesExpiring', query);
    return rows.map((row) => toDrivingLicence(row, this.warn));
  }
}
