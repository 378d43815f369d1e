import { createHash } from 'node:crypto';
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
  const values = [
    position.writer, String(position.seq), event.at, event.consumer, event.institution, event.system, event.purpose, event.legalBasis,
    event.caseReference, event.operationName, event.requestId, event.personalNumber, event.fieldPaths.join(','), event.bulk ? '1' : '0',
    event.hiddenUntil, prevHash,
  ];
  let canonical = '';
  for (const value of values) canonical += value === null ? '-' : `${value.length}:${value}`;
  return createHash('sha256').update(canonical).digest('hex');
}

/** Numbers and chains `events` after `head`, and the chain's new head. */
export function chained(events: readonly AccessEvent[], head: ChainHead): { records: AccessRecord[]; head: ChainHead } {
  const records: AccessRecord[] = [];
  let previous = head;
  for (const event of events) {
    const position = { writer: head.writer, seq: previous.seq + 1 };
    const hash = recordHash(position, event, previous.hash);
    records.push({ ...event, ...position, prevHash: previous.hash, hash });
    previous = { ...position, hash };
  }
  return { records, head: previous };
}
