import type { IsoDate } from './domain.js';

// Dates are ISO text where the gateway reads and answers them, and day numbers (days since
// 1970-01-01, UTC) where the seed computes with them, so that arithmetic never meets a time zone.
const MILLIS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The ISO date for a calendar day, or null when no such day exists (31 February, month 13...). */
export function calendarDate(year: number, month: number, day: number): IsoDate | null {
  if (!isCalendarDay(year, month, day)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether the calendar has this day (the month counted from 1), in the years the registries hold. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month - 1);
}

/** Reads a strict 'YYYY-MM-DD' string into a real calendar date, or null. */
export function parseIsoDate(text: string): IsoDate | null {
  const match = ISO_DATE.exec(text);
  return match ? calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/** A day number for 'YYYY-MM-DD'; throws when the text is not a real calendar date. */
export function dayOf(text: string): number {
  if (!ISO_DATE.test(text)) throw new RangeError(`"${text}" is not a YYYY-MM-DD date`);
  const date = parseIsoDate(text);
  if (date === null) throw new RangeError(`"${text}" is not a calendar date`);
  return Date.parse(date) / MILLIS_PER_DAY;
}

/** The date `days` days after `date` (before, if negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return formatDay(Date.parse(date) / MILLIS_PER_DAY + days);
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

/** The day number of 1 January of `year`. */
export function yearStart(year: number): number {
  return Date.UTC(year, 0, 1) / MILLIS_PER_DAY;
}

/** The calendar year of a day number. */
export function yearOf(day: number): number {
  return new Date(day * MILLIS_PER_DAY).getUTCFullYear();
}

/** The same calendar day `years` later (29 February becomes 28 February in common years). */
export function addYears(day: number, years: number): number {
  const date = new Date(day * MILLIS_PER_DAY);
  const year = date.getUTCFullYear() + years;
  const month = date.getUTCMonth();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), daysInMonth(year, month))) / MILLIS_PER_DAY;
}

/**
 * The latest day of birth of someone `years` old on `on`: the same day `years` earlier, or 28 February
 * for 29 February in a common year (whose 29 February birthdays come on 1 March, as `ageOn` counts).
 */
export function lastBirthDateOfAge(years: number, on: IsoDate): IsoDate {
  const [year, month, day] = on.split('-').map(Number) as [number, number, number];
  return calendarDate(year - years, month, day) ?? calendarDate(year - years, month, day - 1)!;
}

/** Full years from `birth` to `on`. */
export function ageOn(birth: number, on: number): number {
  const from = new Date(birth * MILLIS_PER_DAY);
  const to = new Date(on * MILLIS_PER_DAY);
  let age = to.getUTCFullYear() - from.getUTCFullYear();
  if (to.getUTCMonth() < from.getUTCMonth() || (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate())) age--;
  return age;
}

// The month counts from 0, as in Date.UTC. Counted, not asked of a Date: every date a registry row
// holds is checked with it.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 1 && leap ? 29 : DAYS_IN_MONTH[month]!;
}

function formatDay(day: number): IsoDate {
  return new Date(day * MILLIS_PER_DAY).toISOString().slice(0, 10);
}

// Both text forms of every day from 1900 to 2100, built once: the seed then formats millions of
// dates at the cost of an array lookup.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
const FIRST_DAY = yearStart(FIRST_YEAR);
let isoTexts: string[] | undefined;
let legacyTexts: string[] | undefined;

function buildTexts(): void {
  isoTexts = [];
  legacyTexts = [];
  for (let day = FIRST_DAY; day < yearStart(LAST_YEAR + 1); day++) {
    const iso = formatDay(day);
    isoTexts.push(iso);
    legacyTexts.push(`${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`);
  }
}

function textOf(texts: 'iso' | 'legacy', day: number): string {
  if (!isoTexts) buildTexts();
  const text = (texts === 'iso' ? isoTexts : legacyTexts)![day - FIRST_DAY];
  if (text === undefined) throw new RangeError(`Day ${day} is outside ${FIRST_YEAR}..${LAST_YEAR}`);
  return text;
}

/** 'YYYY-MM-DD', the civil registry's form. */
export function isoDate(day: number): string {
  return textOf('iso', day);
}

/** 'DD.MM.YYYY', the vehicle registry's form. */
export function legacyDate(day: number): string {
  return textOf('legacy', day);
}

/** An ISO 8601 UTC timestamp, 'YYYY-MM-DDTHH:MM:SSZ', for a day and a second of that day. */
export function timestamp(day: number, secondOfDay: number): string {
  const hours = Math.floor(secondOfDay / 3600);
  const minutes = Math.floor((secondOfDay % 3600) / 60);
  const seconds = secondOfDay % 60;
  return `${isoDate(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}Z`;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
