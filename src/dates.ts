import type { IsoDate } from './domain.js';

/** The ISO date for a calendar day, or null when no such day exists (31 February, month 13...). */
export function calendarDate(year: number, month: number, day: number): IsoDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Reads a strict 'YYYY-MM-DD' string into a real calendar date, or null. */
export function parseIsoDate(text: string): IsoDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match ? calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/** The date `days` days after `date` (before, if negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** Every calendar day from `from` to `to`, both included. */
export function daysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

// Formatting a date in a time zone costs more than the rest of a cached request: a formatter is
// built once, and the day it gives is reused for the rest of the second.
const COUNTRY_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit', day: '2-digit' });
let lastDay = { second: Number.NaN, day: '' };

/** Today's date in the gateway's time zone (the country's, Europe/Belgrade, which Kosovo keeps). */
export function today(now: Date = new Date()): IsoDate {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastDay.second) lastDay = { second, day: COUNTRY_DAY.format(now) };
  return lastDay.day;
}
