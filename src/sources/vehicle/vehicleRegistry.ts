import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { RegistryResilience } from '../../config.js';
import type { DocumentPosition, DrivingLicence, IsoDate } from '../../domain.js';
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
  vehiclesByPlates = this.byKeys('vehiclesByPlates', toVehicle, (plates: string[]) => this.vehicles().where('TARGA', 'in', plates));

  /** The vehicles with these VINs. */
  vehiclesByVins = this.byKeys('vehiclesByVins', toVehicle, (vins: string[]) => this.vehicles().where('SHASIA', 'in', vins));

  /** The vehicles these persons own (company-owned vehicles are not looked up by person). */
  vehiclesOfOwners = this.byKeys('vehiclesOfOwners', toVehicle, (numbers: string[]) =>
    this.vehicles().where('PRONARI', 'in', numbers).where('LLOJI_PRONARIT', '=', 'F').orderBy('ID'),
  );

  /** The vehicles registered to these companies, by business number. */
  vehiclesOfCompanies = this.byKeys('vehiclesOfCompanies', toVehicle, (numbers: string[]) =>
    this.vehicles().where('PRONARI', 'in', numbers).where('LLOJI_PRONARIT', '=', 'J').orderBy('ID'),
  );

  /** The driving licences with these numbers. */
  licencesByNumbers = this.byKeys('licencesByNumbers', toDrivingLicence, (numbers: string[]) => this.licences().where('NR_PATENTES', 'in', numbers));

  /** Every driving licence, current or past, of these persons. */
  licencesOfHolders = this.byKeys('licencesOfHolders', toDrivingLicence, (numbers: string[]) => this.licences().where('NR_PERSONAL', 'in', numbers));

  /**
   * Licences in force (neither suspended nor revoked) that expire from `from` to `to`, in (expiry, number) order after `after`.
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
    const query = this.licences()
      // Only a licence in force is renewed: a suspended one waits for its suspension to end.
      .where(sql<string>`upper(trim(STATUSI))`, '=', 'AKTIVE')
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

  private vehicles() {
    return this.db.selectFrom('AUTOMJETET').select(VEHICLE_COLUMNS);
  }

  private licences() {
    return this.db.selectFrom('PATENTAT').select(LICENCE_COLUMNS);
  }
}
