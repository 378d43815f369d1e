import { AuditStore } from '../src/audit/auditStore.js';
import { chained, genesisOf, type AccessEvent } from '../src/audit/records.js';

/**
 * The trail's commit timed with nothing else running: the floor under what a request waits for its
 * record. At few connections a request waits for the commit under way and then for its own, so this
 * floor, not the gateway's work, bounds what the trail lets (a) reach at 10 connections.
 */
export interface CommitFloor {
  /** Records in each append: about as many as a commit of (a) holds at 10 connections. */
  records: number;
  appends: number;
  /** Milliseconds from sending an append to its commit. */
  medianMs: number;
  p90Ms: number;
}

const RECORDS = 5;
const WARM_UP_APPENDS = 50;
const APPENDS = 500;

/**
 * Appends, one after the other, records of one person's citizen read as (a) makes them, to a chain of
 * its own in the bench's trail (`auditUrl`, as its writer role), and times each commit.
 */
export async function measureCommitFloor(auditUrl: string, personalNumber: string): Promise<CommitFloor> {
  const store = await AuditStore.open(auditUrl, { writeLanes: 1 });
  try {
    let head = genesisOf(`bench-commit-floor-${process.pid}`);
    const times: number[] = [];
    for (let append = 0; append < WARM_UP_APPENDS + APPENDS; append++) {
      const next = chained(Array.from({ length: RECORDS }, (_, index) => citizenRead(personalNumber, `floor-${append}-${index}`)), head);
      head = next.head;
      const sent = performance.now();
      await store.append(next.records);
      if (append >= WARM_UP_APPENDS) times.push(performance.now() - sent);
    }
    times.sort((a, b) => a - b);
    const ms = (share: number) => Math.round(times[Math.floor(APPENDS * share)]! * 1000) / 1000;
    return { records: RECORDS, appends: APPENDS, medianMs: ms(0.5), p90Ms: ms(0.9) };
  } finally {
    await store.close();
  }
}

function citizenRead(personalNumber: string, requestId: string): AccessEvent {
  return {
    at: new Date().toISOString(), consumer: 'bench', institution: 'Benchmark', system: 'bench', purpose: 'benchmark', legalBasis: null,
    caseReference: null, operationName: 'Citizen', requestId, subjects: [{ personalNumber, fieldPaths: ['dateOfBirth', 'firstName', 'lastName', 'status'] }],
    hiddenUntil: null,
  };
}
