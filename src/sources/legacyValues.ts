import { calendarDate, isCalendarDay } from '../dates.js';
import type { IsoDate } from '../domain.js';
import type { WarnFn } from './registry.js';

/** Where a legacy value came from, for the warning an odd value raises. */
export interface ValueOrigin {
  table: string;
  column: string;
  warn: WarnFn;
}

/**
 * The origins of a table's checked columns, made once per warning function (a registry's), so that
 * mapping a row makes no object for each column it checks.
 */
export function originsOf<C extends string>(table: string, columns: readonly C[]): (warn: WarnFn) => Readonly<Record<C, ValueOrigin>> {
  const made = new WeakMap<WarnFn, Readonly<Record<C, ValueOrigin>>>();
  return (warn) => {
    let origins = made.get(warn);
    if (origins === undefined) {
      const each: Partial<Record<C, ValueOrigin>> = {};
      for (const column of columns) each[column] = { table, column, warn };
      made.set(warn, (origins = each as Record<C, ValueOrigin>));
    }
    return origins;
  };
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
  // Read digit by digit and answered as the text's own first ten characters: every date of every row
  // a listing reads passes here.
  const year = digitsAt(text, 0, 4);
  const month = text.charCodeAt(4) === DASH ? digitsAt(text, 5, 2) : -1;
  const day = text.charCodeAt(7) === DASH ? digitsAt(text, 8, 2) : -1;
  if (year < 0 || month < 0 || day < 0) return odd(origin, 'unreadable date');
  if (!isCalendarDay(year, month, day)) return odd(origin, 'impossible date');
  return text.length === 10 ? text : text.slice(0, 10);
}

const DASH = 0x2d;
const ZERO = 0x30;

// The number the `count` decimal digits of `text` from `at` write, or -1 where one is not a digit.
function digitsAt(text: string, at: number, count: number): number {
  let number = 0;
  for (let index = at; index < at + count; index++) {
    const digit = text.charCodeAt(index) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    number = number * 10 + digit;
  }
  return number;
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
