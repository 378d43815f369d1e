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

export interface CivilRegistryDatabase {
  person: PersonRow;
  family_link: FamilyLinkRow;
  id_document: IdDocumentRow;
}
