import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../sources/engine.js';
import { checkpointRow } from './auditStore.js';
import type { Checkpoint, CheckpointSigner } from './checkpoints.js';
import { partitionsOf } from './schema.js';
import type { WitnessDirectory } from './witness.js';

/** What a prune removed: the months (or, on SQLite, the records) before the cutoff, and the chains it cut. */
export interface Pruned {
  before: string;
  /** The PostgreSQL partitions dropped; on SQLite, none. */
  partitions: string[];
  records: number;
  checkpoints: Checkpoint[];
}

// One chain's part of a prune: the last record removed, and the first one kept.
interface Cut {
  writer: string;
  removed: number;
  lastRemoved: number;
  hash: string;
  firstKept: number | null;
}

const MONTH_PARTITION = /^access_record_y(\d{4})m(\d{2})$/;

/**
 * Removes the records older than `cutoff` that retention no longer requires: on PostgreSQL the whole
 * months before it (their partitions dropped), on SQLite the records before it. Each chain it cuts first
 * gets a retention checkpoint, signed and kept in the trail and by the witness, naming the last record
 * removed, so that `audit:verify` takes the chain up from there and tells a lawful prune from a deletion.
 * Run with the owner's rights; refuses a cut that would leave a chain's kept records out of order.
 */
export async function pruneTrail(db: Kysely<any>, engine: Engine, cutoff: Date, signer: CheckpointSigner, witness: WitnessDirectory | null): Promise<Pruned> {
  if (engine === 'postgres') {
    // Each monthly partition with the time its month ends; those ended by the cutoff go.
    const expired = (await partitionsOf(db)).flatMap((name) => {
      const month = MONTH_PARTITION.exec(name);
      const ends = month === null ? null : Date.UTC(Number(month[1]), Number(month[2]), 1);
      return ends !== null && ends <= cutoff.getTime() ? [{ name, ends }] : [];
    });
    const before = new Date(Math.max(0, ...expired.map((partition) => partition.ends)));
    const cuts = await cutsBefore(db, before.toISOString(), expired.map(({ name }) => sql.id(name)));
    const checkpoints = await signCuts(db, cuts, signer, witness);
    await db.transaction().execute(async (trx) => {
      for (const { name } of expired) await sql`drop table ${sql.id(name)}`.execute(trx);
    });
    return { before: before.toISOString(), partitions: expired.map(({ name }) => name), records: cuts.reduce((sum, cut) => sum + cut.removed, 0), checkpoints };
  }
  const before = cutoff.toISOString();
  const cuts = await cutsBefore(db, before, [sql`access_record where at < ${before}`]);
  const checkpoints = await signCuts(db, cuts, signer, witness);
  let records = 0;
  // SQLite's guards are lifted and put back inside the transaction: no one sees the trail without them.
  await db.transaction().execute(async (trx) => {
    const guards = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'access_record'`.execute(trx)).rows;
    for (const { name } of guards) await sql`drop trigger ${sql.id(name)}`.execute(trx);
    records = Number((await sql`delete from access_record where at < ${before}`.execute(trx)).numAffectedRows ?? 0);
    for (const guard of guards) await sql.raw(guard.sql).execute(trx);
  });
  return { before, partitions: [], records, checkpoints };
}

// Each chain with records in `sources` (the part to remove), where its removed part ends and its kept part starts.
async function cutsBefore(db: Kysely<any>, before: string, sources: RawBuilder<unknown>[]): Promise<Cut[]> {
  if (sources.length === 0) return [];
  const removed = sql.join(sources.map((source) => sql`select writer, seq, hash from ${source}`), sql` union all `);
  const rows = await sql<{ writer: string; removed: string | number; seq: string | number; hash: string; first_kept: string | number | null }>`
    with removed as (${removed}), last as (select writer, count(*) as removed, max(seq) as seq from removed group by writer)
    select last.writer, last.removed, last.seq, (select hash from removed where removed.writer = last.writer and removed.seq = last.seq) as hash,
      (select min(seq) from access_record kept where kept.writer = last.writer and kept.at >= ${before}) as first_kept
    from last`.execute(db);
  const cuts = rows.rows.map((row) => ({
    writer: row.writer, removed: Number(row.removed), lastRemoved: Number(row.seq), hash: row.hash.trim(), firstKept: row.first_kept === null ? null : Number(row.first_kept),
  }));
  const tangled = cuts.filter((cut) => cut.firstKept !== null && cut.firstKept <= cut.lastRemoved);
  if (tangled.length > 0) throw new Error(`the records to remove and to keep interleave in the chains ${tangled.map((cut) => cut.writer).join(', ')}: nothing was pruned`);
  return cuts;
}

async function signCuts(db: Kysely<any>, cuts: readonly Cut[], signer: CheckpointSigner, witness: WitnessDirectory | null): Promise<Checkpoint[]> {
  const checkpoints = cuts.map((cut) => signer.sign({ writer: cut.writer, seq: cut.lastRemoved, hash: cut.hash }, 'retention'));
  if (checkpoints.length === 0) return [];
  await db.insertInto('audit_checkpoint').values(checkpoints.map(checkpointRow)).execute();
  await witness?.append(checkpoints);
  return checkpoints;
}
