import { createHash } from 'node:crypto';
import type { IsoDate } from '../domain.js';

/** What one operation read of one person: metadata only, never the values. */
export interface AccessEvent {
  /** When the answer was given, ISO 8601 in UTC. */
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

/** An access event as the audit trail holds it: numbered, and chained to the one before. */
export interface AccessRecord extends AccessEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The hash before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of a record: SHA-256 over its number, every field in a fixed order and its predecessor's
 * hash, so that changing, removing or reordering a record breaks every hash after it.
 */
export function recordHash(seq: number, event: AccessEvent, prevHash: string): string {
  const canonical = JSON.stringify([
    seq, event.at, event.consumer, event.institution, event.system, event.purpose, event.legalBasis, event.caseReference,
    event.operationName, event.requestId, event.personalNumber, event.fieldPaths, event.bulk, event.hiddenUntil, prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Numbers and chains `events` after the record `seq`/`hash`. */
export function chained(events: readonly AccessEvent[], after: { seq: number; hash: string }): AccessRecord[] {
  const records: AccessRecord[] = [];
  let previous = after;
  for (const event of events) {
    const seq = previous.seq + 1;
    const hash = recordHash(seq, event, previous.hash);
    records.push({ ...event, seq, prevHash: previous.hash, hash });
    previous = { seq, hash };
  }
  return records;
}
