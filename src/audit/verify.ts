import type { AuditStore } from './auditStore.js';
import { GENESIS_HASH, recordHash } from './records.js';

/** The outcome of recomputing the chain. */
export type Verification =
  | { intact: true; records: number }
  | { intact: false; records: number; seq: number; problem: string };

const PAGE = 10_000;

/**
 * Recomputes the chain from the first record and names the first record that was changed, or the place
 * where records were removed or reordered.
 */
export async function verifyChain(store: AuditStore): Promise<Verification> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  for (;;) {
    const page = await store.recordsAfter(previous.seq, PAGE);
    if (page.length === 0) return { intact: true, records: count };
    for (const record of page) {
      const broken = (problem: string): Verification => ({ intact: false, records: count, seq: record.seq, problem });
      if (record.seq !== previous.seq + 1) {
        return broken(`records ${previous.seq + 1} to ${record.seq - 1} were removed`);
      }
      if (record.prevHash !== previous.hash) {
        // The record before was rewritten with a hash of its own making: the link after it gives it away.
        return { intact: false, records: count - 1, seq: previous.seq, problem: `record ${previous.seq} was changed (record ${record.seq} no longer follows it)` };
      }
      const { seq, prevHash, hash, ...event } = record;
      if (recordHash(seq, event, prevHash) !== hash) return broken(`record ${record.seq} was changed`);
      previous = { seq, hash };
      count += 1;
    }
  }
}
