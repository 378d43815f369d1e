import { hash } from 'node:crypto';
import type { Caller } from '../auth/authenticate.js';
import type { IsoDate } from '../domain.js';

/** What one operation read of one person: metadata only, never the values. */
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
  personalNumber: string;
  /** The fields returned for this person, as paths from the person: `firstName`, `address.street`. */
  fieldPaths: string[];
  /** The operation read more than one person. */
  bulk: boolean;
  /** Kept from the person's own view until this day (a police read that must stay unseen). */
  hiddenUntil: IsoDate | null;
}

/** The request an answer is to, for its access events: its id and operation. */
export interface AnsweredRequest {
  id: string;
  operationName: string | null;
}

/**
 * The access events of one answer: one per person it carries, with the fields of theirs it carries
 * (sorted), who asked and why. `bulk` when the answer carries more than one person.
 */
export function accessEvents(caller: Caller, request: AnsweredRequest, read: Iterable<readonly [personalNumber: string, fieldPaths: string[]]>, bulk: boolean): AccessEvent[] {
  const at = new Date().toISOString();
  const { consumer } = caller;
  const events: AccessEvent[] = [];
  // Spelled out rather than spread: an answer can carry thousands, and every event has one shape.
  for (const [personalNumber, fieldPaths] of read) {
    events.push({
      at, consumer: consumer.id, institution: consumer.institution, system: consumer.system, purpose: caller.purpose, legalBasis: caller.legalBasis,
      caseReference: caller.caseReference, operationName: request.operationName, requestId: request.id, personalNumber, fieldPaths, bulk,
      hiddenUntil: caller.hiddenUntil,
    });
  }
  return events;
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
export function recordHash(position: RecordPosition, event: AccessEvent, prevHash: string): string {
  return hashOf(position, requestPart(event), event, prevHash);
}

function hashOf(position: RecordPosition, request: string, event: AccessEvent, prevHash: string): string {
  const canonical =
    part(position.writer) + part(String(position.seq)) + request + part(event.personalNumber) + part(event.fieldPaths.join(',')) +
    part(event.bulk ? '1' : '0') + part(event.hiddenUntil) + part(prevHash);
  return hash('sha256', canonical, 'hex');
}

// The part of the canonical form between a record's position and its person: the same for every
// record of one request.
function requestPart(event: AccessEvent): string {
  return (
    part(event.at) + part(event.consumer) + part(event.institution) + part(event.system) + part(event.purpose) + part(event.legalBasis) +
    part(event.caseReference) + part(event.operationName) + part(event.requestId)
  );
}

/** Whether two events differ only in their person and fields, as the events of one request do. */
export function sameRequest(a: AccessEvent, b: AccessEvent): boolean {
  return sameRequestPart(a, b) && a.bulk === b.bulk && a.hiddenUntil === b.hiddenUntil;
}

function sameRequestPart(a: AccessEvent, b: AccessEvent): boolean {
  return (
    a.requestId === b.requestId && a.at === b.at && a.consumer === b.consumer && a.institution === b.institution && a.system === b.system &&
    a.purpose === b.purpose && a.legalBasis === b.legalBasis && a.caseReference === b.caseReference && a.operationName === b.operationName
  );
}

// One value of a record's canonical form.
function part(value: string | null): string {
  return value === null ? '-' : `${value.length}:${value}`;
}

/** Numbers and chains `events` after `head`, and the chain's new head. */
export function chained(events: readonly AccessEvent[], head: ChainHead): { records: AccessRecord[]; head: ChainHead } {
  const { writer } = head;
  const records: AccessRecord[] = new Array(events.length);
  let { seq, hash: prevHash } = head;
  // A request's records come together: what they share is written out once.
  let request = '';
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (index === 0 || !sameRequestPart(event, events[index - 1]!)) request = requestPart(event);
    seq += 1;
    const hash = hashOf({ writer, seq }, request, event, prevHash);
    // Spelled out rather than spread: a batch can hold thousands, and every record has one shape.
    records[index] = {
      writer, seq, at: event.at, consumer: event.consumer, institution: event.institution, system: event.system, purpose: event.purpose,
      legalBasis: event.legalBasis, caseReference: event.caseReference, operationName: event.operationName, requestId: event.requestId,
      personalNumber: event.personalNumber, fieldPaths: event.fieldPaths, bulk: event.bulk, hiddenUntil: event.hiddenUntil, prevHash, hash,
    };
    prevHash = hash;
  }
  return { records, head: { writer, seq, hash: prevHash } };
}
