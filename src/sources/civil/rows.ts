/** Legacy row types of the Civil Registration Agency's database `civil_registry`. */

/** `person`: one row per registered person. */
export interface PersonRow {
  personal_no: string;
  first_name: string;
  last_name: string;
  father_name: string | null;
  /** 'M' | 'F' */
  sex: string | null;
  /** 'YYYY-MM-DD' */
  birth_date: string | null;
  birth_municipality: number | null;
  /** 'S' single | 'M' married | 'D' divorced | 'W' widowed */
  marital_status: string | null;
  /** 'A' alive | 'D' deceased | 'E' emigrated */
  status: string;
  death_date: string | null;
  /** bigint: a string on PostgreSQL, a number on SQLite. */
  address_id: string | number | null;
  updated_at: string | Date;
}

/** `family_link`: `related_no` is the father ('F'), mother ('M') or spouse ('S') of `personal_no`. */
export interface FamilyLinkRow {
  personal_no: string;
  related_no: string;
  relation: string;
}

/** `id_document`: ID cards ('ID') and passports ('PP'). */
export interface IdDocumentRow {
  doc_no: string;
  personal_no: string;
  doc_type: string;
  issued_on: string | null;
  expires_on: string | null;
  /** 'V' valid | 'L' lost or stolen | 'X' cancelled */
  status: string;
}

/**
 * `residence_reg`: a person's registrations at an address, each from `reg_from` to `reg_to`, both
 * days included. The registry was rebuilt in 2000: records carried over from before start on
 * 2000-01-01. A registration in force has no end, written as NULL in the carried-over records and as
 * 9999-12-31 in later ones.
 */
export interface ResidenceRow {
  reg_no: number | string;
  personal_no: string;
  /** bigint: a string on PostgreSQL, a number on SQLite. */
  address_id: string | number;
  /** 'YYYY-MM-DD' */
  reg_from: string;
  /** 'YYYY-MM-DD'; '9999-12-31' or null while in force. */
  reg_to: string | null;
  /** Why it ended: 'M' moved | 'D' died | 'E' emigrated; null while in force, a blank now and then on an old move. */
  end_code: string | null;
}

export interface CivilRegistryDatabase {
  person: PersonRow;
  family_link: FamilyLinkRow;
  id_document: IdDocumentRow;
  residence_reg: ResidenceRow;
}
