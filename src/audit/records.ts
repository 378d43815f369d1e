import { hash } from 'node:crypto';
import type { Caller } from '../auth/authenticate.js';
import type { IsoDate } from '../domain.js';

/** One person whose data an answer carried, and the fields of theirs it carried, as paths from the person: `firstName`, `address.street`. */
export interface SubjectRead {
  personalNumber: string;
  fieldPaths: string[];
}

/** What one answer read: metadata only, never the values. */
export interface AccessEvent {
  /** When the answer was given, ISO 8601 in UTC, to the millisecond. */
  at: string;
  consumer: string;
  institution: string;
  system: string;
  purpose: string | null;
  legalBasis: string | null;
  caseReference: string | null;
  operationName: string | null;
  requestId: string;
  /** The people it carried, in order of personal number, each once. */
  subjects: SubjectRead[];
  /** Kept from the people's own view until this day (a police read that must stay unseen). */
  hiddenUntil: IsoDate | null;
}

/** The request an answer is to, for its access event: its id and operation. */
export interface AnsweredRequest {
  id: string;
  operationName: string | null;
}

/**
 * The access event of one answer: who asked and why, and each person it carries with the fields of
 * theirs it carries (sorted).
 */
export function accessEvent(caller: Caller, request: AnsweredRequest, read: Iterable<readonly [personalNumber: string, fieldPaths: string[]]>): AccessEvent {
  const subjects: SubjectRead[] = [];
  for (const [personalNumber, fieldPaths] of read) subjects.push({ personalNumber, fieldPaths });
  subjects.sort(byPersonalNumber);
  const { consumer } = caller;
  return {
    at: new Date().toISOString(), consumer: consumer.id, institution: consumer.institution, system: consumer.system, purpose: caller.purpose,
    legalBasis: caller.legalBasis, caseReference: caller.caseReference, operationName: request.operationName, requestId: request.id, subjects,
    hiddenUntil: caller.hiddenUntil,
  };
}

function byPersonalNumber(a: SubjectRead, b: SubjectRead): number {
  return a.personalNumber < b.personalNumber ? -1 : a.personalNumber > b.personalNumber ? 1 : 0;
}

/**
 * An event's people as the trail keeps them, two texts: their personal numbers joined by commas, and
 * each one's paths joined by commas, the people's lists by semicolons (none of these occurs in a
 * number or a path). The people of one answer are mostly read in a few ways, so a list is written in
 * full once: a list the same as the one before is written `=`, the same as an earlier person's `=`
 * and that person's position (`=0` for the first). The record's hash is taken over these texts, and
 * they are written as they are.
 */
export interface SubjectColumns {
  people: string;
  fields: string;
}

const SAME_AS_BEFORE = '=';

export function subjectColumns(subjects: readonly SubjectRead[]): SubjectColumns {
  let people = '';
  let fields = '';
  // Where each list was first written in full: by the list (people read alike share one, see the
  // audit walk) and by its text.
  const firstByList = new Map<readonly string[], number>();
  const firstByText = new Map<string, number>();
  let previous = -1;
  for (let index = 0; index < subjects.length; index++) {
    const { personalNumber, fieldPaths } = subjects[index]!;
    let first = firstByList.get(fieldPaths);
    let written: string;
    if (first === undefined) {
      const text = fieldPaths.join(',');
      first = firstByText.get(text);
      if (first === undefined) firstByText.set(text, (first = index));
      firstByList.set(fieldPaths, first);
      written = text;
    }
    if (first !== index) written = first === previous ? SAME_AS_BEFORE : `${SAME_AS_BEFORE}${first}`;
    previous = first;
    people += index === 0 ? personalNumber : `,${personalNumber}`;
    fields += index === 0 ? written! : `;${written!}`;
  }
  return { people, fields };
}

/** The people of a record, read back from its two texts. */
export function subjectsOf({ people, fields }: SubjectColumns): SubjectRead[] {
  if (people === '') return [];
  const lists = fields.split(';');
  const read: string[][] = [];
  return people.split(',').map((personalNumber, index) => {
    const earlier = earlierListOf(lists[index], index);
    read.push(earlier === null ? pathsOf(lists[index]) : (read[earlier] ?? []));
    return { personalNumber, fieldPaths: read[index]! };
  });
}

/** The paths read of one person, from a record's two texts, without reading back everyone else's; none when the record does not name them. */
export function fieldsOf({ people, fields }: SubjectColumns, personalNumber: string): string[] {
  const index = people.split(',').indexOf(personalNumber);
  if (index < 0) return [];
  const lists = fields.split(';');
  let at = index;
  for (let earlier = earlierListOf(lists[at], at); earlier !== null; earlier = earlierListOf(lists[at], at)) at = earlier;
  return at < 0 ? [] : pathsOf(lists[at]);
}

// The position whose list the person at `index` was read alike with, when their list is written so;
// only an earlier one counts, so that reading a record always ends (-1 when there is none).
function earlierListOf(list: string | undefined, index: number): number | null {
  if (list === undefined || !list.startsWith(SAME_AS_BEFORE)) return null;
  const earlier = list === SAME_AS_BEFORE ? index - 1 : Number(list.slice(SAME_AS_BEFORE.length));
  return Number.isInteger(earlier) && earlier < index ? earlier : -1;
}

// One person's list of paths, as written between semicolons.
function pathsOf(list: string | undefined): string[] {
  return list === '' || list === undefined ? [] : list.split(',');
}

/** Where a record stands: its writer's chain and its number in it. */
export interface RecordPosition {
  /** The chain: one per writing process, named when it starts. */
  writer: string;
  /** 1 for a chain's first record, then one more each. */
  seq: number;
}

/** The newest record of a chain, as far as it is known: what the next record is chained to. */
export interface ChainHead extends RecordPosition {
  hash: string;
}

/** An access event as the audit trail holds it: numbered in its writer's chain, and chained to the one before. */
export interface AccessRecord extends AccessEvent, RecordPosition {
  prevHash: string;
  hash: string;
}

/** One read of a person's data as their access log shows it: when, who, why, and which of their fields. */
export interface PersonalAccess extends RecordPosition {
  at: string;
  institution: string;
  system: string;
  purpose: string | null;
  legalBasis: string | null;
  fieldPaths: string[];
}

/** The hash before the first record of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The head of a chain no record was written to yet. */
export function genesisOf(writer: string): ChainHead {
  return { writer, seq: 0, hash: GENESIS_HASH };
}

/**
 * The hash of a record: SHA-256 over its writer, number, every field in a fixed order and its
 * predecessor's hash, so that changing, removing or reordering a record breaks every hash after it.
 * Each value is written with its length before it (null as `-`), so no two records read alike.
 */
export function recordHash(position: RecordPosition, event: Omit<AccessEvent, 'subjects'>, subjects: SubjectColumns, prevHash: string): string {
  const canonical =
    part(position.writer) + part(String(position.seq)) + part(event.at) + part(event.consumer) + part(event.institution) + part(event.system) +
    part(event.purpose) + part(event.legalBasis) + part(event.caseReference) + part(event.operationName) + part(event.requestId) +
    part(subjects.people) + part(subjects.fields) + part(event.hiddenUntil) + part(prevHash);
  return hash('sha256', canonical, 'hex');
}

// One value of a record's canonical form.
function part(value: string | null): string {
  return value === null ? '-' : `${value.length}:${value}`;
}

/** A record ready to be written: its people in the two texts its hash was taken over. */
export interface ChainedRecord {
  record: AccessRecord;
  subjects: SubjectColumns;
}

/** Numbers and chains `events` after `head`, and the chain's new head. */
export function chained(events: readonly AccessEvent[], head: ChainHead): { records: ChainedRecord[]; head: ChainHead } {
  const { writer } = head;
  const records: ChainedRecord[] = new Array(events.length);
  let { seq, hash: prevHash } = head;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    seq += 1;
    const subjects = subjectColumns(event.subjects);
    const hash = recordHash({ writer, seq }, event, subjects, prevHash);
    records[index] = { record: positioned(event, { writer, seq }, prevHash, hash), subjects };
    prevHash = hash;
  }
  return { records, head: { writer, seq, hash: prevHash } };
}

// The event as a record, its fields spelled out: V8 gives `{ ...event, writer }` a hidden class of its
// own for every record, slow to build and making every reader of records megamorphic.
function positioned(event: AccessEvent, { writer, seq }: RecordPosition, prevHash: string, hash: string): AccessRecord {
  return {
    at: event.at, consumer: event.consumer, institution: event.institution, system: event.system, purpose: event.purpose, legalBasis: event.legalBasis,
    caseReference: event.caseReference, operationName: event.operationName, requestId: event.requestId, subjects: event.subjects,
    hiddenUntil: event.hiddenUntil, writer, seq, prevHash, hash,
  };
}
