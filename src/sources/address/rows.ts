/** Legacy row types of the address register's database `address_register` (Albanian names). */

/** `komuna`: a municipality. */
export interface KomunaRow {
  kodi: number;
  emri_sq: string;
  emri_sr: string;
  /** 1..7 */
  rajoni: number;
}

/** `vendbanimi`: a settlement (town or village) of a municipality. */
export interface VendbanimiRow {
  id: number;
  komuna_kodi: number;
  emri_sq: string;
  emri_sr: string;
}

/** `adresa`: a street address. */
export interface AdresaRow {
  /** bigint: a string on PostgreSQL, a number on SQLite. */
  id: string | number;
  vendbanimi_id: number;
  rruga: string;
  /** house number, '12A' */
  numri: string;
  /** apartment */
  banesa: string | null;
  kodi_postar: string;
  /** boolean on PostgreSQL, 0/1 on SQLite */
  aktive: boolean | number;
}

export interface AddressRegisterDatabase {
  komuna: KomunaRow;
  vendbanimi: VendbanimiRow;
  adresa: AdresaRow;
}
