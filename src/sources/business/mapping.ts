import iconv from 'iconv-lite';
import { calendarDate } from '../../dates.js';
import type { Company, CompanyMembers, CompanyOwner, CompanyRepresentative, CompanyStatus, IsoDate, LegalForm } from '../../domain.js';
import { decode, originsOf, trimmed, type ValueOrigin } from '../legacyValues.js';
import type { WarnFn } from '../registry.js';
import type { OwnersAndRepresentatives, OwnerElement, RepresentativeElement, SubjectElement } from './messages.js';

const LEGAL_FORM: Record<string, LegalForm> = {
  BI: 'INDIVIDUAL_BUSINESS', OP: 'GENERAL_PARTNERSHIP', SHK: 'LIMITED_PARTNERSHIP', SHPK: 'LIMITED_LIABILITY_COMPANY', SHA: 'JOINT_STOCK_COMPANY',
};
const STATUS: Record<string, CompanyStatus> = { REGJISTRUAR: 'REGISTERED', PEZULLUAR: 'SUSPENDED', SHUAR: 'DISSOLVED' };
const OWNER_KIND: Record<string, CompanyOwner['ownerKind']> = { FIZIK: 'PERSON', JURIDIK: 'COMPANY' };
const ROLE: Record<string, NonNullable<CompanyRepresentative['role']>> = { DREJTOR: 'DIRECTOR', PERFAQESUES: 'AUTHORISED_REPRESENTATIVE' };
// What UTF-8 read as Windows-1252 looks like: a lead byte of a two-byte sequence (Ã, Ä, Å, Ð...) before another.
const TWICE_ENCODED = /[ÂÃÄÅÐÑ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u203A\u20AC\u2122]/u;

// The elements of the service's answers whose odd values are reported.
const ORIGINS = originsOf('business registry service', ['FormaLigjore', 'Statusi', 'DataRegjistrimit', 'Roli', 'LlojiPronarit', 'Pjesa']);

/** Maps a `Subjekti` of the service's answers to a company. */
export function toCompany(subject: SubjectElement, warn: WarnFn): Company {
  const origin = ORIGINS(warn);
  return {
    businessNumber: String(subject.NumriBiznesit).trim(),
    name: repairedName(String(subject.Emri ?? '')),
    legalForm: decode(LEGAL_FORM, subject.FormaLigjore, origin.FormaLigjore),
    status: decode(STATUS, subject.Statusi, origin.Statusi),
    registeredOn: slashedDate(subject.DataRegjistrimit, origin.DataRegjistrimit),
    seatAddressId: trimmed(subject.AdresaId),
  };
}

/** Maps the service's owners and representatives of a subject. */
export function toMembers(answer: OwnersAndRepresentatives, warn: WarnFn): CompanyMembers {
  const origin = ORIGINS(warn);
  return {
    owners: listOf(answer.Pronari).flatMap((owner) => toOwner(owner, origin) ?? []),
    representatives: listOf(answer.Perfaqesuesi).map((representative: RepresentativeElement) => ({
      personalNumber: String(representative.NumriPersonal).trim(),
      role: decode(ROLE, representative.Roli, origin.Roli),
    })),
  };
}

function toOwner(owner: OwnerElement, origin: ReturnType<typeof ORIGINS>): CompanyOwner | null {
  const ownerKind = decode(OWNER_KIND, owner.LlojiPronarit, origin.LlojiPronarit);
  if (ownerKind === null) return null;
  const number = String(owner.NumriPronarit).trim();
  return {
    ownerKind,
    personalNumber: ownerKind === 'PERSON' ? number : null,
    businessNumber: ownerKind === 'COMPANY' ? number : null,
    sharePercent: share(owner.Pjesa, origin.Pjesa),
  };
}

/** One element or many, as a SOAP client reads a repeated element: always a list. */
export function listOf<T>(value: T | T[] | null | undefined): T[] {
  return value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
}

// A name an old import stored twice-encoded (its UTF-8 bytes read as Windows-1252) is read back; a
// name that only looks so is kept as it is.
function repairedName(name: string): string {
  if (!TWICE_ENCODED.test(name)) return name;
  const repaired = iconv.encode(name, 'win1252').toString('utf8');
  return repaired.includes('\uFFFD') ? name : repaired;
}

// 'dd/MM/yyyy', the service's dates.
function slashedDate(value: string | null | undefined, at: ValueOrigin): IsoDate | null {
  const text = trimmed(value);
  if (text === null) return null;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const date = match ? calendarDate(Number(match[3]), Number(match[2]), Number(match[1])) : null;
  if (date === null) at.warn({ table: at.table, column: at.column, reason: 'unreadable date' });
  return date;
}

// A percentage with a decimal comma, '33,33'.
function share(value: string | null | undefined, at: ValueOrigin): number | null {
  const text = trimmed(value);
  if (text === null) return null;
  if (!/^\d{1,3}(,\d{1,4})?$/.test(text)) {
    at.warn({ table: at.table, column: at.column, reason: 'unreadable share' });
    return null;
  }
  return Number(text.replace(',', '.'));
}
