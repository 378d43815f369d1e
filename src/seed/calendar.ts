// Calendar dates as day numbers (days since 1970-01-01, UTC), so date arithmetic never meets a
// time zone or the wall clock.

const MILLIS_PER_DAY = 86_400_000;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

/** A day number for 'YYYY-MM-DD'; throws when the text is not a real calendar date. */
export function dayOf(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`"${isoDate}" is not a YYYY-MM-DD date`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const millis = Date.UTC(year, month - 1, day);
  const check = new Date(millis);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`"${isoDate}" is not a calendar date`);
  }
  return millis / MILLIS_PER_DAY;
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
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / MILLIS_PER_DAY;
}

/** Full years from `birth` to `on`. */
export function ageOn(birth: number, on: number): number {
  const from = new Date(birth * MILLIS_PER_DAY);
  const to = new Date(on * MILLIS_PER_DAY);
  let age = to.getUTCFullYear() - from.getUTCFullYear();
  if (to.getUTCMonth() < from.getUTCMonth() || (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate())) age--;
  return age;
}

// Both text forms of every day from 1900 to 2100, built once: formatting millions of dates then
// costs an array lookup.
let isoTexts: string[] | undefined;
let legacyTexts: string[] | undefined;
const firstDay = Date.UTC(FIRST_YEAR, 0, 1) / MILLIS_PER_DAY;

function buildTexts(): void {
  const lastDay = Date.UTC(LAST_YEAR, 11, 31) / MILLIS_PER_DAY;
  isoTexts = [];
  legacyTexts = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const iso = new Date(day * MILLIS_PER_DAY).toISOString().slice(0, 10);
    isoTexts.push(iso);
    legacyTexts.push(`${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`);
  }
}

function textOf(texts: 'iso' | 'legacy', day: number): string {
  if (!isoTexts) buildTexts();
  const text = (texts === 'iso' ? isoTexts : legacyTexts)![day - firstDay];
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
