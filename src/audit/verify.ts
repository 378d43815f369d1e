import type { AuditStore } from './auditStore.js';
import type { Checkpoint, CheckpointKeys } from './checkpoints.js';
import { genesisOf, recordHash, type ChainHead } from './records.js';
import type { WitnessDirectory } from './witness.js';

/** Something wrong with the trail: where, and what. */
export interface Finding {
  /** The chain, or null for the trail as a whole (a missing guard, a witness's unreadable line). */
  writer: string | null;
  seq: number | null;
  problem: string;
}

/** What checking the trail found. */
export interface Verification {
  intact: boolean;
  chains: number;
  records: number;
  checkpoints: number;
  /** Records newer than their chain's last checkpoint: the only ones that could be cut unseen. */
  unsigned: number;
  findings: Finding[];
}

const PAGE = 10_000;

/**
 * Checks every chain of the trail: each record's hash and link, from its chain's start or from its
 * last lawful prune, against the newest checkpoints signed by a known key, found in the database or
 * kept by the witnesses; and that the append-only guards are in place. Never changes anything.
 */
export async function verifyTrail(store: AuditStore, keys: CheckpointKeys, witnesses: readonly WitnessDirectory[] = []): Promise<Verification> {
  const findings: Finding[] = [];
  const stored = await allCheckpoints(store);
  const read = await Promise.all(witnesses.map((witness) => witness.read()));
  const witnessed = read.flatMap(({ checkpoints }) => checkpoints);
  for (const place of read.flatMap(({ unreadable }) => unreadable)) findings.push({ writer: null, seq: null, problem: `the witness's line ${place} is not a checkpoint` });
  const keyOf = (checkpoint: Checkpoint) => JSON.stringify([checkpoint.writer, checkpoint.kind, checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.keyId, checkpoint.signature]);
  const storedKeys = new Set(stored.map(keyOf));
  const trusted: Checkpoint[] = [];
  for (const checkpoint of [...stored, ...witnessed.filter((checkpoint) => !storedKeys.has(keyOf(checkpoint)))]) {
    const when = `the ${checkpoint.kind} checkpoint of ${checkpoint.at}`;
    if (!keys.signed(checkpoint)) {
      findings.push({ writer: checkpoint.writer, seq: checkpoint.seq, problem: `${when} is not signed by a known key` });
      continue;
    }
    if (!storedKeys.has(keyOf(checkpoint))) findings.push({ writer: checkpoint.writer, seq: checkpoint.seq, problem: `${when}, kept by a witness, is missing from the database` });
    trusted.push(checkpoint);
  }
  // The newest trusted checkpoint of each kind per chain.
  const newestOf = new Map<string, Checkpoint>();
  for (const checkpoint of trusted) {
    const key = `${checkpoint.kind} ${checkpoint.writer}`;
    if ((newestOf.get(key)?.seq ?? -1) < checkpoint.seq) newestOf.set(key, checkpoint);
  }
  const newest = (writer: string, kind: Checkpoint['kind']) => newestOf.get(`${kind} ${writer}`) ?? null;

  const chains = new Map((await store.writers()).map((chain) => [chain.writer, chain]));
  const writers = new Set([...chains.keys(), ...trusted.map((checkpoint) => checkpoint.writer)]);
  let records = 0;
  let unsigned = 0;
  for (const writer of [...writers].sort()) {
    const retained = newest(writer, 'retention');
    const signed = newest(writer, 'head');
    const walked = await walkChain(store, retained ?? genesisOf(writer), signed?.seq ?? null, findings);
    records += walked.records;
    if (walked.broken) continue;
    if (signed && walked.head.seq < signed.seq) {
      findings.push({ writer, seq: walked.head.seq + 1, problem: `records ${walked.head.seq + 1} to ${signed.seq} were removed: the checkpoint of ${signed.at} saw record ${signed.seq}` });
    } else if (signed && walked.hashAtSigned !== signed.hash) {
      findings.push({ writer, seq: signed.seq, problem: `the chain was rewritten: record ${signed.seq} is not the one the checkpoint of ${signed.at} signed` });
    }
    unsigned += walked.head.seq - Math.max(signed?.seq ?? 0, retained?.seq ?? 0);
  }
  for (const guard of await store.missingGuards()) findings.push({ writer: null, seq: null, problem: `the append-only guard ${guard} is missing, disabled or changed` });
  return { intact: findings.length === 0, chains: writers.size, records, checkpoints: trusted.length, unsigned, findings };
}

async function allCheckpoints(store: AuditStore): Promise<Checkpoint[]> {
  const all: Checkpoint[] = [];
  for (let after: Checkpoint | null = null; ; ) {
    const page: Checkpoint[] = await store.checkpoints(after, PAGE);
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page[page.length - 1]!;
  }
}

// Recomputes one chain from `start` and notes its first fault; `signedSeq` is the record whose hash
// the newest checkpoint holds.
async function walkChain(
  store: AuditStore,
  start: ChainHead,
  signedSeq: number | null,
  findings: Finding[],
): Promise<{ head: ChainHead; records: number; broken: boolean; hashAtSigned: string | null }> {
  let previous = start;
  let records = 0;
  let hashAtSigned = signedSeq === start.seq ? start.hash : null;
  const broken = (seq: number, problem: string) => {
    findings.push({ writer: start.writer, seq, problem });
    return { head: previous, records, broken: true, hashAtSigned };
  };
  for (;;) {
    const page = await store.recordsOf(start.writer, previous.seq, PAGE);
    if (page.length === 0) return { head: previous, records, broken: false, hashAtSigned };
    for (const { record, subjects } of page) {
      if (record.seq !== previous.seq + 1) {
        const after = start.seq > 0 && previous.seq === start.seq ? `, after the lawful prune of records to ${start.seq}` : '';
        return broken(previous.seq + 1, `records ${previous.seq + 1} to ${record.seq - 1} were removed${after}`);
      }
      // A record rewritten with a hash of its own making: the link after it gives it away.
      if (record.prevHash !== previous.hash) return broken(previous.seq, `record ${previous.seq} was changed (record ${record.seq} no longer follows it)`);
      const { writer, seq, prevHash, hash } = record;
      if (recordHash({ writer, seq }, record, subjects, prevHash) !== hash) return broken(seq, `record ${seq} was changed`);
      previous = { writer, seq, hash };
      if (seq === signedSeq) hashAtSigned = hash;
      records += 1;
    }
  }
}
