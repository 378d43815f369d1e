import { parseIsoDate } from '../src/dates.js';
import {
  canonicalDocumentNumber, canonicalPlate, canonicalVin, isAddressId, isBusinessNumber, isPersonalNumber, type DocumentPosition, type VoterPosition,
} from '../src/domain.js';
import type { AccessPosition } from '../src/audit/auditStore.js';
import type { CursorSeal } from '../src/cursors.js';
import { badArgument } from '../src/errors.js';

/** The most items one page may carry. */
export const MAX_PAGE_SIZE = 100;
/** The most personal numbers one `citizens` call may ask for. */
export const MAX_BULK_PERSONAL_NUMBERS = 1000;
/** The most companies one `companies` call may ask for. */
export const MAX_BULK_BUSINESS_NUMBERS = 1000;
/** How far ahead `expiringDocuments` may look. */
export const MAX_EXPIRY_WINDOW_DAYS = 366;

/** Checks a page size. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw badArgument('first', `must be from 1 to ${MAX_PAGE_SIZE}`);
  return size;
}

/** Checks an integer argument's range. */
export function integerIn(argumentName: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badArgument(argumentName, `must be from ${min} to ${max}`);
  return value;
}

/** A municipality code as given, or undefined when absent. */
export function municipalityCode(argumentName: string, value: number | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : integerIn(argumentName, value, 1, 9999);
}

/** The canonical plate, or BAD_USER_INPUT. */
export function plate(value: string): string {
  const canonical = canonicalPlate(value);
  if (canonical === null) throw badArgument('plate', 'a plate looks like 01-234-AB (region 01 to 07, three digits, two letters)');
  return canonical;
}

/** A VIN in upper case, or BAD_USER_INPUT. */
export function vin(value: string): string {
  const canonical = canonicalVin(value);
  if (canonical === null) throw badArgument('vin', 'a VIN is 17 letters and digits, without I, O or Q');
  return canonical;
}

/** A business number, nine digits, or BAD_USER_INPUT before the business registry is asked. */
export function businessNumber(argumentName: string, value: string): string {
  const number = value.trim();
  if (!isBusinessNumber(number)) throw badArgument(argumentName, 'a business number is nine digits');
  return number;
}

/** A document number (a driving licence, an ID card, a passport) in upper case, or BAD_USER_INPUT. */
export function documentNumber(value: string): string {
  const canonical = canonicalDocumentNumber(value);
  if (canonical === null) throw badArgument('number', 'a document number is 4 to 12 letters and digits');
  return canonical;
}

/** A driving licence category in upper case, such as B or C1E, or BAD_USER_INPUT. */
export function licenceCategory(value: string): string {
  const upper = value.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9]{0,3}$/.test(upper)) throw badArgument('category', 'a licence category is a letter and up to three letters or digits, such as B or C1E');
  return upper;
}

/** An address register id, or BAD_USER_INPUT. */
export function addressId(value: string): string {
  if (!isAddressId(value)) throw badArgument('id', 'an address id is a positive whole number');
  return value;
}

/** A name prefix for search, or BAD_USER_INPUT. */
export function namePrefix(argumentName: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!/^\p{L}[\p{L}\p{M}' .-]{0,49}$/u.test(text)) {
    throw badArgument(argumentName, 'a name prefix is 1 to 50 letters, spaces, hyphens or apostrophes, starting with a letter');
  }
  return text;
}

// Cursors are opaque to callers: a tagged position, sealed.
type CursorOf = {
  citizen: { p: string };
  document: { e: string; n: string };
  access: { a: string; w: string; s: number };
  voter: { l: string; f: string; p: string };
  address: { i: string };
};

function sealed<K extends keyof CursorOf>(seal: CursorSeal, list: string, kind: K, position: CursorOf[K]): string {
  return seal.seal({ k: kind, ...position }, list);
}

function opened<K extends keyof CursorOf>(seal: CursorSeal, list: string, kind: K, after: string): Record<string, unknown> {
  const position = seal.open(after, list);
  if (position?.k !== kind) throw notACursor();
  return position;
}

/**
 * Where a page ends, as its list's cursor after its last item, and whether more follows. The cursor is
 * sealed only when the answer asks for it: a cipher per page costs more than the rest of a small page.
 */
export function pageInfoOf<T>(items: readonly T[], hasMore: boolean, cursorAfter: (last: T) => string): { readonly endCursor: string | null; hasNextPage: boolean } {
  const last = items[items.length - 1];
  return {
    get endCursor() {
      return last === undefined ? null : cursorAfter(last);
    },
    hasNextPage: hasMore,
  };
}

const notACursor = () => badArgument('after', 'not a cursor this list returned; pass a pageInfo.endCursor of the same list unchanged');

/**
 * The list a field's cursors page, as they are bound to it: the field and what selects its items
 * (its filter, the object it is of, the person it is for), not where a page starts or how long it is.
 * A cursor of one list does not open in another.
 */
export function listOf(field: string, ...selecting: readonly unknown[]): string {
  return JSON.stringify([field, ...selecting]);
}

/** The cursor after a citizen in personal-number order. */
export function citizenCursor(seal: CursorSeal, list: string, personalNumber: string): string {
  return sealed(seal, list, 'citizen', { p: personalNumber });
}

/** The personal number a citizen cursor points after, or null without a cursor. */
export function afterCitizen(seal: CursorSeal, list: string, after: string | null | undefined): string | null {
  if (after === null || after === undefined) return null;
  const { p } = opened(seal, list, 'citizen', after);
  if (typeof p !== 'string' || !isPersonalNumber(p)) throw notACursor();
  return p;
}

/** The cursor after an access record, newest first. */
export function accessCursor(seal: CursorSeal, list: string, record: AccessPosition): string {
  return sealed(seal, list, 'access', { a: record.at, w: record.writer, s: record.seq });
}

/** The record an access cursor points after (older records come after), or null without a cursor. */
export function afterAccess(seal: CursorSeal, list: string, after: string | null | undefined): AccessPosition | null {
  if (after === null || after === undefined) return null;
  const { a, w, s } = opened(seal, list, 'access', after);
  if (typeof a !== 'string' || typeof w !== 'string' || !Number.isSafeInteger(s) || (s as number) < 1) throw notACursor();
  return { at: a, writer: w, seq: s as number };
}

/** The cursor after an address in id order. */
export function addressCursor(seal: CursorSeal, list: string, id: string): string {
  return sealed(seal, list, 'address', { i: id });
}

/** The address id an address cursor points after, or null without a cursor. */
export function afterAddress(seal: CursorSeal, list: string, after: string | null | undefined): string | null {
  if (after === null || after === undefined) return null;
  const { i } = opened(seal, list, 'address', after);
  if (typeof i !== 'string' || !isAddressId(i)) throw notACursor();
  return i;
}

/** A street prefix for search, or BAD_USER_INPUT. */
export function streetPrefix(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{M}\p{N}' .-]{0,79}$/u.test(text)) {
    throw badArgument('filter.street', 'a street prefix is 1 to 80 letters, digits, spaces, dots, hyphens or apostrophes, starting with a letter or digit');
  }
  return text;
}

/** A five-digit postal code, or BAD_USER_INPUT. */
export function postalCode(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!/^\d{5}$/.test(value)) throw badArgument('filter.postalCode', 'a postal code is five digits');
  return value;
}

/** The cursor after a voter in roll order. */
export function voterCursor(seal: CursorSeal, list: string, position: VoterPosition): string {
  return sealed(seal, list, 'voter', { l: position.lastName, f: position.firstName, p: position.personalNumber });
}

/** The voter a roll cursor points after, or null without a cursor. */
export function afterVoter(seal: CursorSeal, list: string, after: string | null | undefined): VoterPosition | null {
  if (after === null || after === undefined) return null;
  const { l, f, p } = opened(seal, list, 'voter', after);
  if (typeof l !== 'string' || typeof f !== 'string' || typeof p !== 'string' || !isPersonalNumber(p)) throw notACursor();
  return { lastName: l, firstName: f, personalNumber: p };
}

/** The cursor after a document in expiry order. */
export function documentCursor(seal: CursorSeal, list: string, position: DocumentPosition): string {
  return sealed(seal, list, 'document', { e: position.expiresOn, n: position.number });
}

/** The position a document cursor points after, or null without a cursor. */
export function afterDocument(seal: CursorSeal, list: string, after: string | null | undefined): DocumentPosition | null {
  if (after === null || after === undefined) return null;
  const { e, n } = opened(seal, list, 'document', after);
  if (typeof e !== 'string' || parseIsoDate(e) === null || typeof n !== 'string' || !/^[A-Z0-9]{1,20}$/.test(n)) throw notACursor();
  return { expiresOn: e, number: n };
}
