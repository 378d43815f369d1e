import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import { connect, engineOf, postgresPool, sqliteFileOf, type ConnectOptions, type Engine } from '../sources/engine.js';
import type { Checkpoint } from './checkpoints.js';
import { fieldsOf, subjectsOf, type ChainedRecord, type PersonalAccess, type SubjectColumns } from './records.js';
import { createSqliteTrail, missingGuards, OLDER_LAYOUT, TRAIL_SCHEMA } from './schema.js';

// Every column of a record, in table order: its PostgreSQL type and how it is read from a record.
const COLUMNS: ReadonlyArray<readonly [name: string, type: string, read: (chained: ChainedRecord) => unknown]> = [
  ['writer', 'text', ({ record }) => record.writer], ['seq', 'bigint', ({ record }) => record.seq], ['at', 'timestamptz', ({ record }) => record.at],
  ['consumer', 'text', ({ record }) => record.consumer], ['institution', 'text', ({ record }) => record.institution], ['system', 'text', ({ record }) => record.system],
  ['purpose', 'text', ({ record }) => record.purpose], ['legal_basis', 'text', ({ record }) => record.legalBasis],
  ['case_reference', 'text', ({ record }) => record.caseReference], ['operation_name', 'text', ({ record }) => record.operationName],
  ['request_id', 'text', ({ record }) => record.requestId], ['personal_nos', 'text', ({ subjects }) => subjects.people],
  ['field_paths', 'text', ({ subjects }) => subjects.fields], ['hidden_until', 'date', ({ record }) => record.hiddenUntil],
  ['prev_hash', 'text', ({ record }) => record.prevHash], ['hash', 'text', ({ record }) => record.hash],
];

type Row = Record<string, unknown>;

/** The most records one append takes. PostgreSQL prepares its statement once per connection and per count of records. */
export const MAX_RECORDS_PER_APPEND = 64;

// PostgreSQL's append of `count` records: a row of parameters a record, which PostgreSQL reads for
// less of its CPU than the same values as one array a column, unnested (about 100 µs less for a
// commit of five records). Made when a count is first appended.
const postgresAppends: Array<{ name: string; text: string }> = [];
function postgresAppend(count: number): { name: string; text: string } {
  return (postgresAppends[count] ??= {
    name: `audit_append_${count}`,
    text:
      `insert into access_record (${COLUMNS.map(([name]) => name).join(', ')}) values ` +
      Array.from({ length: count }, (_, row) => `(${COLUMNS.map(([, type], column) => `$${row * COLUMNS.length + column + 1}::${type}`).join(', ')})`).join(', '),
  });
}

// A person's records are found by the personal numbers of each (PostgreSQL indexes them as an array,
// compared byte by byte: the expression must be the index's, see `PG_TABLES`).
const PERSON_IN_RECORD = {
  postgres: (personalNumber: string) => sql<boolean>`string_to_array(personal_nos collate "C", ',') @> array[${personalNumber}::text]`,
  sqlite: (personalNumber: string) => sql<boolean>`',' || personal_nos || ',' like ${`%,${personalNumber},%`}`,
};

/** Where a listing of checkpoints stands: the last one listed. */
export type CheckpointPosition = Pick<Checkpoint, 'at' | 'writer' | 'kind' | 'seq'>;

/** Where a citizen's view of their records stands: the last record shown, newest first. */
export interface AccessPosition {
  at: string;
  writer: string;
  seq: number;
}

/**
 * How the trail's database is opened. Its tables are looked for in `public` alone, where
 * `audit:migrate` makes them: a copy in a schema searched before it must not receive the records, nor
 * pass for the trail when it is verified. Every commit is on the disk before it returns: an answer
 * leaves once its record is committed, so the record must survive a crash of the machine too.
 */
export function trailConnection(options: { readOnly?: boolean; writeLanes?: number }): ConnectOptions {
  return { writable: !options.readOnly, durable: true, poolSize: (options.writeLanes ?? 2) + 2, schema: TRAIL_SCHEMA };
}

/**
 * The audit trail's database, on PostgreSQL or SQLite: records appended to their writers' chains and
 * the chains' signed checkpoints, never changed. On PostgreSQL its tables are made by
 * `npm run audit:migrate` and the gateway may only add and read; the embedded SQLite trail is made here.
 */
export class AuditStore {
  private constructor(
    private readonly db: Kysely<any>,
    readonly engine: Engine,
    // The pool under `db` on PostgreSQL, for the prepared append.
    private readonly pool: pg.Pool | null,
  ) {}

  /**
   * Opens the trail; `readOnly` opens it for looking only, as `audit:verify` does. A writer gets a
   * connection per lane it writes, and two more for checkpoints and citizens' reads of their records.
   */
  static async open(url: string, options: { readOnly?: boolean; writeLanes?: number } = {}): Promise<AuditStore> {
    const engine = engineOf(url);
    if (engine === 'mysql') throw new Error('The audit trail is kept on PostgreSQL or SQLite');
    if (engine === 'sqlite' && !options.readOnly) await mkdir(path.dirname(path.resolve(sqliteFileOf(url))), { recursive: true });
    const connectOptions = trailConnection(options);
    const pool = engine === 'postgres' ? postgresPool(url, connectOptions) : null;
    const db = pool ? new Kysely<any>({ dialect: new PostgresDialect({ pool }) }) : connect<any>(url, connectOptions).db;
    const store = new AuditStore(db, engine, pool);
    try {
      if (engine === 'sqlite' && !options.readOnly) await createSqliteTrail(db);
      await sql`select personal_nos from access_record, audit_checkpoint limit 0`.execute(db);
    } catch (error) {
      await db.destroy();
      const { type, code } = driverErrorOf(error);
      const message = String((error as Error).message);
      if (code === '42P01' || /no such table/.test(message)) throw new Error('The audit trail has no tables yet: run npm run audit:migrate');
      if (code === '42703' || /no such column/.test(message)) throw new Error(OLDER_LAYOUT);
      throw new Error(`The audit database could not be opened (${code === undefined ? type : `${type} ${String(code)}`})`);
    }
    return store;
  }

  /** Adds records, already chained, in one statement; at most `MAX_RECORDS_PER_APPEND` of them. */
  async append(records: readonly ChainedRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (records.length > MAX_RECORDS_PER_APPEND) throw new RangeError(`An append takes at most ${MAX_RECORDS_PER_APPEND} records`);
    try {
      if (this.pool) {
        const values: unknown[] = [];
        for (const record of records) for (const [, , read] of COLUMNS) values.push(read(record));
        await this.pool.query({ ...postgresAppend(records.length), values });
        return;
      }
      await this.db.insertInto('access_record').values(records.map((record) => Object.fromEntries(COLUMNS.map(([name, , read]) => [name, read(record)])))).execute();
    } catch (error) {
      throw new AuditUnavailableError('write', driverErrorOf(error));
    }
  }

  /** Keeps signed checkpoints beside the records. */
  async appendCheckpoints(checkpoints: readonly Checkpoint[]): Promise<void> {
    if (checkpoints.length === 0) return;
    await this.db
      .insertInto('audit_checkpoint')
      .values(checkpoints.map(checkpointRow))
      .execute();
  }

  /** Up to `limit` checkpoints in the order they were signed, after `after` when given. */
  async checkpoints(after: CheckpointPosition | null, limit: number): Promise<Checkpoint[]> {
    let query = this.db.selectFrom('audit_checkpoint').selectAll();
    if (after !== null) query = query.where(sql<boolean>`(at, writer, kind, seq) > (${after.at}, ${after.writer}, ${after.kind}, ${after.seq})`);
    const rows = await query.orderBy('at').orderBy('writer').orderBy('kind').orderBy('seq').limit(limit).execute();
    return rows.map((row) => ({
      writer: String(row.writer),
      seq: Number(row.seq),
      hash: String(row.hash),
      kind: row.kind as Checkpoint['kind'],
      at: isoOf(row.at),
      keyId: String(row.key_id),
      signature: String(row.signature),
    }));
  }

  /** Every writer with records, with the lowest and highest number it holds of each. */
  async writers(): Promise<Array<{ writer: string; first: number; last: number; records: number }>> {
    const rows = await this.db
      .selectFrom('access_record')
      .select(['writer', sql<string>`min(seq)`.as('first'), sql<string>`max(seq)`.as('last'), sql<string>`count(*)`.as('records')])
      .groupBy('writer')
      .execute();
    return rows.map((row) => ({ writer: String(row.writer), first: Number(row.first), last: Number(row.last), records: Number(row.records) }));
  }

  /** Up to `limit` records of a writer's chain after `afterSeq`, in chain order, as they were chained. */
  async recordsOf(writer: string, afterSeq: number, limit: number): Promise<ChainedRecord[]> {
    const rows = await this.db.selectFrom('access_record').selectAll().where('writer', '=', writer).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(chainedRecordOf);
  }

  /**
   * The reads of one person's data visible on `day` (not hidden until a later day), newest first,
   * after `before` when given, each with the fields of theirs it read.
   */
  async visibleRecordsOf(personalNumber: string, day: string, before: AccessPosition | null, limit: number): Promise<PersonalAccess[]> {
    let query = this.db
      .selectFrom('access_record')
      .select(['writer', 'seq', 'at', 'institution', 'system', 'purpose', 'legal_basis', 'personal_nos', 'field_paths'])
      .where(PERSON_IN_RECORD[this.engine === 'postgres' ? 'postgres' : 'sqlite'](personalNumber))
      .where((eb) => eb.or([eb('hidden_until', 'is', null), eb('hidden_until', '<=', day)]));
    if (before !== null) query = query.where(sql<boolean>`(at, writer, seq) < (${before.at}, ${before.writer}, ${before.seq})`);
    try {
      const rows = await query.orderBy('at', 'desc').orderBy('writer', 'desc').orderBy('seq', 'desc').limit(limit).execute();
      // Added to the reading, not spread into a new object: V8 would give each one a hidden class of its own.
      return rows.map((row) => Object.assign(readingOf(row), { fieldPaths: fieldsOf(subjectColumnsOf(row), personalNumber) }));
    } catch (error) {
      throw new AuditUnavailableError('read', driverErrorOf(error));
    }
  }

  /** The append-only guards missing or disabled. */
  missingGuards(): Promise<string[]> {
    return missingGuards(this.db, this.engine);
  }

  /** Whether the audit database answers now. */
  async reachable(): Promise<boolean> {
    return sql`select 1`.execute(this.db).then(() => true, () => false);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** A checkpoint as the `audit_checkpoint` table holds it. */
export function checkpointRow({ writer, seq, hash, kind, at, keyId, signature }: Checkpoint): Row {
  return { writer, seq, hash, kind, at, key_id: keyId, signature };
}

// PostgreSQL answers a timestamptz as a Date; SQLite keeps the ISO text it was given.
function isoOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

// Who read, when and why, as a record's row holds it.
function readingOf(row: Row): Omit<PersonalAccess, 'fieldPaths'> {
  return {
    writer: String(row.writer),
    seq: Number(row.seq),
    at: isoOf(row.at),
    institution: String(row.institution),
    system: String(row.system),
    purpose: row.purpose as string | null,
    legalBasis: row.legal_basis as string | null,
  };
}

function subjectColumnsOf(row: Row): SubjectColumns {
  return { people: String(row.personal_nos), fields: String(row.field_paths) };
}

function chainedRecordOf(row: Row): ChainedRecord {
  const subjects = subjectColumnsOf(row);
  return {
    // Added to the reading, not spread into a new object: V8 would give each record a hidden class of its own.
    record: Object.assign(readingOf(row), {
      consumer: String(row.consumer),
      caseReference: row.case_reference as string | null,
      operationName: row.operation_name as string | null,
      requestId: String(row.request_id),
      subjects: subjectsOf(subjects),
      hiddenUntil: row.hidden_until as string | null,
      prevHash: String(row.prev_hash),
      hash: String(row.hash),
    }),
    subjects,
  };
}
