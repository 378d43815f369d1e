/** Legacy row types of the vehicle and licence registry `vehicle_registry` (dates are 'DD.MM.YYYY' strings). */

/** `AUTOMJETET`: a registered vehicle. */
export interface AutomjetRow {
  ID: number;
  /** plate, '01-234-AB' */
  TARGA: string;
  /** VIN */
  SHASIA: string;
  MARKA: string | null;
  MODELI: string | null;
  VITI: number | null;
  NGJYRA: string | null;
  /** 'B' petrol | 'D' diesel | 'E' electric | 'H' hybrid | 'G' gas */
  KARBURANTI: string | null;
  /** 'F' person | 'J' company */
  LLOJI_PRONARIT: string;
  /** personal number (F) or business number (J) */
  PRONARI: string;
  DATA_REGJ: string | null;
  SKADON: string | null;
  /** 'AKTIV' | 'CREGJ' deregistered | 'VJEDHUR' stolen */
  STATUSI: string;
}

/** `PATENTAT`: a driving licence. */
export interface PatentaRow {
  NR_PATENTES: string;
  NR_PERSONAL: string;
  /** 'AM,A,B,C1' */
  KATEGORITE: string | null;
  LESHUAR: string | null;
  SKADON: string | null;
  PIKET: number | null;
  /** 'AKTIVE' | 'PEZULLUAR' suspended | 'REVOKUAR' revoked */
  STATUSI: string;
}

export interface VehicleRegistryDatabase {
  AUTOMJETET: AutomjetRow;
  PATENTAT: PatentaRow;
}
