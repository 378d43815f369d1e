import type { Citizen, CitizenStatus, DocumentKind, DocumentStatus, FamilyLink, IdentityDocument, MaritalStatus, Residence, ResidenceEnd, Sex } from '../../domain.js';
import { decode, isoDate, originsOf, trimmed } from '../legacyValues.js';
import type { WarnFn } from '../registry.js';
import type { FamilyLinkRow, IdDocumentRow, PersonRow, ResidenceRow } from './rows.js';

const SEX: Record<string, Sex> = { M: 'MALE', F: 'FEMALE' };
const MARITAL_STATUS: Record<string, MaritalStatus> = { S: 'SINGLE', M: 'MARRIED', D: 'DIVORCED', W: 'WIDOWED' };
const CITIZEN_STATUS: Record<string, CitizenStatus> = { A: 'ALIVE', D: 'DECEASED', E: 'EMIGRATED' };
const RELATION: Record<string, FamilyLink['relation']> = { F: 'FATHER', M: 'MOTHER', S: 'SPOUSE' };
const DOCUMENT_KIND: Record<string, DocumentKind> = { ID: 'ID_CARD', PP: 'PASSPORT' };
const DOCUMENT_STATUS: Record<string, DocumentStatus> = { V: 'VALID', L: 'LOST_OR_STOLEN', X: 'CANCELLED' };
const RESIDENCE_END: Record<string, ResidenceEnd> = { M: 'MOVED', D: 'DIED', E: 'EMIGRATED' };
// How the registry writes that a registration has not ended (besides NULL).
const OPEN_END = '9999-12-31';

/** The residence columns the gateway reads. */
export const RESIDENCE_COLUMNS = ['personal_no', 'address_id', 'reg_from', 'reg_to', 'end_code'] as const;

export type ResidenceSelection = Pick<ResidenceRow, (typeof RESIDENCE_COLUMNS)[number]>;

/** The person columns the gateway reads. */
export const PERSON_COLUMNS = [
  'personal_no', 'first_name', 'last_name', 'father_name', 'sex', 'birth_date', 'birth_municipality',
  'marital_status', 'status', 'death_date', 'address_id',
] as const;

export type PersonSelection = Pick<PersonRow, (typeof PERSON_COLUMNS)[number]>;

// The columns of `person` whose odd values are reported.
const PERSON_ORIGINS = originsOf('person', ['sex', 'birth_date', 'marital_status', 'status', 'death_date']);

/** Maps a `person` row to a citizen. */
export function toCitizen(row: PersonSelection, warn: WarnFn): Citizen {
  const origin = PERSON_ORIGINS(warn);
  return {
    personalNumber: row.personal_no.trim(),
    firstName: trimmed(row.first_name) ?? '',
    lastName: trimmed(row.last_name) ?? '',
    fatherName: trimmed(row.father_name),
    sex: decode(SEX, row.sex, origin.sex),
    dateOfBirth: isoDate(row.birth_date, origin.birth_date),
    placeOfBirthCode: row.birth_municipality === null ? null : Number(row.birth_municipality),
    maritalStatus: decode(MARITAL_STATUS, row.marital_status, origin.marital_status),
    status: decode(CITIZEN_STATUS, row.status, origin.status),
    dateOfDeath: isoDate(row.death_date, origin.death_date),
    addressId: row.address_id === null ? null : String(row.address_id),
  };
}

/** Maps a `family_link` row; null for a relation code the gateway does not know. */
export function toFamilyLink(row: FamilyLinkRow, warn: WarnFn): FamilyLink | null {
  const relation = decode(RELATION, row.relation, { table: 'family_link', column: 'relation', warn });
  if (relation === null) return null;
  return { personalNumber: row.personal_no.trim(), relatedNumber: row.related_no.trim(), relation };
}

// The columns of `id_document` whose odd values are reported.
const ID_DOCUMENT_ORIGINS = originsOf('id_document', ['doc_type', 'issued_on', 'expires_on', 'status']);

/** Maps an `id_document` row to an identity document. */
export function toIdentityDocument(row: IdDocumentRow, warn: WarnFn): IdentityDocument {
  const origin = ID_DOCUMENT_ORIGINS(warn);
  return {
    kind: decode(DOCUMENT_KIND, row.doc_type, origin.doc_type),
    number: row.doc_no.trim(),
    issuedOn: isoDate(row.issued_on, origin.issued_on),
    expiresOn: isoDate(row.expires_on, origin.expires_on),
    status: decode(DOCUMENT_STATUS, row.status, origin.status),
    holderPersonalNumber: row.personal_no.trim(),
  };
}

// The columns of `residence_reg` whose odd values are reported.
const RESIDENCE_ORIGINS = originsOf('residence_reg', ['reg_from', 'reg_to', 'end_code']);

/** Maps a `residence_reg` row; null for one whose first day cannot be read, which places it nowhere. */
export function toResidence(row: ResidenceSelection, warn: WarnFn): Residence | null {
  const origin = RESIDENCE_ORIGINS(warn);
  const from = isoDate(row.reg_from, origin.reg_from);
  if (from === null) return null;
  // Every engine answers the date as text.
  const open = row.reg_to === null || row.reg_to.startsWith(OPEN_END);
  return {
    personalNumber: row.personal_no.trim(),
    addressId: String(row.address_id),
    from,
    to: open ? null : isoDate(row.reg_to, origin.reg_to),
    // A blank code on an ended registration is a move the old registry did not code: the reason is unknown.
    endReason: open ? null : decode(RESIDENCE_END, row.end_code, origin.end_code),
  };
}
