import { calendarDate } from '../dates.js';
import type { IsoDate } from '../domain.js';
import type { WarnFn } from './registry.js';

/** Where a legacy value came from, for the warning an odd value raises. */
export interface ValueOrigin {
  table: string;
  column: string;
  warn: WarnFn;
}

/** Trims the blanks legacy CHAR and VARCHAR columns carry; an empty string becomes null. */
export function trimmed(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** Parses an ISO 'YYYY-MM-DD' date column (a JS Date is taken at its UTC calendar day). */
export function isoDate(value: string | Date | null | undefined, origin: ValueOrigin): IsoDate | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    return calendarDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) ?? odd(origin, 'impossible date');
  }
  const text = value.trim();
  if (text === '') return odd(origin, 'empty date');
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return odd(origin, 'unreadable date');
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) ?? odd(origin, 'impossible date');
}

/** Parses the vehicle registry's 'DD.MM.YYYY' date strings. */
export function dottedDate(value: string | null | undefined, origin: ValueOrigin): IsoDate | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return odd(origin, 'empty date');
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (!match) return odd(origin, 'unreadable date');
  return calendarDate(Number(match[3]), Number(match[2]), Number(match[1])) ?? odd(origin, 'impossible date');
}

/** The ISO date as the vehicle registry writes it, 'DD.MM.YYYY'. */
export function toDottedDate(date: IsoDate): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** Translates a legacy code through `codes`; an unknown code is null with a warning. */
export function decode<T>(codes: Readonly<Record<string, T>>, value: string | null | undefined, origin: ValueOrigin): T | null {
  const code = trimmed(value);
  if (code === null) return null;
  const decoded = codes[code.toUpperCase()];
  return decoded === undefined ? odd(origin, 'unknown code') : decoded;
}

function odd(origin: ValueOrigin, reason: string): null {
  origin.warn({ table: origin.table, column: origin.column, reason });
  return null;
}
