/**
 * Legacy row types of the business registry (the Kosovo Business Registration Agency's system), as
 * its stand-in keeps them. The gateway never reads these: it asks the registry's web service.
 */

/** `subjekti`: a registered business. */
export interface SubjektiRow {
  /** Nine digits, '811817460'. */
  nr_biznesit: string;
  /** Upper case, as registered; a few were stored twice-encoded ('Ã‡' for 'Ç'). */
  emri: string;
  /** 'BI' individual business | 'OP' general partnership | 'SHK' limited partnership | 'SHPK' LLC | 'SHA' joint-stock company */
  forma: string;
  /** 'REGJISTRUAR' registered | 'PEZULLUAR' suspended | 'SHUAR' dissolved */
  statusi: string;
  /** 'dd/MM/yyyy' */
  data_regj: string;
  /** The seat, an id of the address register; null where none was recorded. */
  adresa_id: number | null;
}

/** `pronari`: an owner of a business, a person or another business, with their share. */
export interface PronariRow {
  nr_biznesit: string;
  /** 'F' a person (personal number) | 'J' a business (business number) */
  lloji: string;
  nr_pronarit: string;
  /** Percent with a decimal comma: '33,33'. */
  pjesa: string;
}

/** `perfaqesuesi`: a person authorised to represent a business. */
export interface PerfaqesuesiRow {
  nr_biznesit: string;
  nr_personal: string;
  /** 'DREJTOR' director | 'PERFAQESUES' authorised representative */
  roli: string;
}

/** The business registry's rows. */
export interface BusinessRegistryRows {
  subjects: SubjektiRow[];
  owners: PronariRow[];
  representatives: PerfaqesuesiRow[];
}

/** The business registry's database, as Kysely reads it. */
export interface BusinessRegistryDatabase {
  subjekti: SubjektiRow;
  pronari: PronariRow;
  perfaqesuesi: PerfaqesuesiRow;
}
