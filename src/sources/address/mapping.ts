import type { Address, Municipality, Settlement } from '../../domain.js';
import { trimmed } from '../legacyValues.js';
import type { AdresaRow, KomunaRow, VendbanimiRow } from './rows.js';

/** Maps a `komuna` row to a municipality. */
export function toMunicipality(row: KomunaRow): Municipality {
  return { code: Number(row.kodi), nameSq: row.emri_sq.trim(), nameSr: row.emri_sr.trim(), region: Number(row.rajoni) };
}

/** Maps a `vendbanimi` row to a settlement. */
export function toSettlement(row: VendbanimiRow): Settlement {
  return { id: Number(row.id), nameSq: row.emri_sq.trim(), nameSr: row.emri_sr.trim(), municipalityCode: Number(row.komuna_kodi) };
}

/** An `adresa` row with its settlement's municipality, read in the same statement. */
export type AdresaWithMunicipality = AdresaRow & Pick<VendbanimiRow, 'komuna_kodi'>;

/** Maps an `adresa` row to an address. */
export function toAddress(row: AdresaWithMunicipality): Address {
  return {
    id: String(row.id),
    street: trimmed(row.rruga) ?? '',
    houseNumber: trimmed(row.numri) ?? '',
    apartment: trimmed(row.banesa),
    postalCode: row.kodi_postar.trim(),
    settlementId: Number(row.vendbanimi_id),
    municipalityCode: Number(row.komuna_kodi),
    active: Boolean(row.aktive),
  };
}
