import { canonicalPlate, type DrivingLicence, type DrivingLicenceStatus, type Fuel, type OwnerKind, type Vehicle, type VehicleStatus } from '../../domain.js';
import { decode, dottedDate, originsOf, trimmed } from '../legacyValues.js';
import type { WarnFn } from '../registry.js';
import type { AutomjetRow, PatentaRow } from './rows.js';

const FUEL: Record<string, Fuel> = { B: 'PETROL', D: 'DIESEL', E: 'ELECTRIC', H: 'HYBRID', G: 'GAS' };
const OWNER_KIND: Record<string, OwnerKind> = { F: 'PERSON', J: 'COMPANY' };
const VEHICLE_STATUS: Record<string, VehicleStatus> = { AKTIV: 'ACTIVE', CREGJ: 'DEREGISTERED', VJEDHUR: 'STOLEN' };
const LICENCE_STATUS: Record<string, DrivingLicenceStatus> = { AKTIVE: 'VALID', PEZULLUAR: 'SUSPENDED', REVOKUAR: 'REVOKED' };

/** Splits a legacy category list ('AM,A, b ,C1') into upper-case categories, without blanks or repeats. */
export function categoryList(value: string | null): string[] {
  if (value === null) return [];
  const categories = value.split(/[,;\s]+/).map((category) => category.trim().toUpperCase()).filter((category) => category !== '');
  return [...new Set(categories)];
}

// The columns of `AUTOMJETET` whose odd values are reported.
const VEHICLE_ORIGINS = originsOf('AUTOMJETET', ['LLOJI_PRONARIT', 'KARBURANTI', 'DATA_REGJ', 'SKADON', 'STATUSI']);

/** Maps an `AUTOMJETET` row to a vehicle. */
export function toVehicle(row: AutomjetRow, warn: WarnFn): Vehicle {
  const origin = VEHICLE_ORIGINS(warn);
  const ownerKind = decode(OWNER_KIND, row.LLOJI_PRONARIT, origin.LLOJI_PRONARIT);
  const owner = trimmed(row.PRONARI);
  const plate = trimmed(row.TARGA) ?? '';
  return {
    plate: canonicalPlate(plate) ?? plate,
    vin: (trimmed(row.SHASIA) ?? '').toUpperCase(),
    make: trimmed(row.MARKA),
    model: trimmed(row.MODELI),
    year: row.VITI === null || Number(row.VITI) <= 0 ? null : Number(row.VITI),
    colour: trimmed(row.NGJYRA),
    fuel: decode(FUEL, row.KARBURANTI, origin.KARBURANTI),
    firstRegisteredOn: dottedDate(row.DATA_REGJ, origin.DATA_REGJ),
    registrationExpiresOn: dottedDate(row.SKADON, origin.SKADON),
    status: decode(VEHICLE_STATUS, row.STATUSI, origin.STATUSI),
    ownerKind,
    ownerPersonalNumber: ownerKind === 'PERSON' ? owner : null,
    ownerBusinessNumber: ownerKind === 'COMPANY' ? owner : null,
  };
}

// The columns of `PATENTAT` whose odd values are reported.
const LICENCE_ORIGINS = originsOf('PATENTAT', ['LESHUAR', 'SKADON', 'STATUSI']);

/** Maps a `PATENTAT` row to a driving licence. */
export function toDrivingLicence(row: PatentaRow, warn: WarnFn): DrivingLicence {
  const origin = LICENCE_ORIGINS(warn);
  return {
    number: row.NR_PATENTES.trim(),
    categories: categoryList(row.KATEGORITE),
    issuedOn: dottedDate(row.LESHUAR, origin.LESHUAR),
    expiresOn: dottedDate(row.SKADON, origin.SKADON),
    penaltyPoints: row.PIKET === null ? null : Number(row.PIKET),
    status: decode(LICENCE_STATUS, row.STATUSI, origin.STATUSI),
    holderPersonalNumber: row.NR_PERSONAL.trim(),
  };
}
