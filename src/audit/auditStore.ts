import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import { connect, engineOf, MAX_PARAMETERS, postgresPool, sqliteFileOf, type Engine } from '../sources/engine.js';
import type { Checkpoint } from './checkpoints.js';
import { sameRequest, type AccessRecord } from './records.js';
import { createSqliteTrail, missingGuards } from './schema.js';

// Every column of a record, in table order: its PostgreSQL type and how it is read from a record.
// Paths hold no comma, so they travel joined (PostgreSQL keeps them as an array).
const COLUMNS: ReadonlyArray<readonly [name: string, type: string, read: (record: AccessRecord) => unknown]> = [
  ['writer', 'text', (record) => record.writer], ['seq', 'bigint', (record) => record.seq], ['at', 'timestamptz', (record) => record.at],
  ['consumer', 'text', (record) => record.consumer], ['institution', 'text', (record) => record.institution], ['system', 'text', (record) => record.system],
  ['purpose', 'text', (record) => record.purpose], ['legal_basis', 'text', (record) => record.legalBasis], ['case_reference', 'text', (record) => record.caseReference],
  ['operation_name', 'text', (record) => record.operationName], ['request_id', 'text', (record) => record.requestId],
  ['personal_no', 'text', (record) => record.personalNumber], ['field_paths', 'text', (record) => record.fieldPaths.join(',')],
  ['bulk', 'boolean', (record) => record.bulk], ['hidden_until', 'date', (record) => record.hiddenUntil], ['prev_hash', 'text', (record) => record.prevHash],
  ['hash', 'text', (record) => record.hash],
];

type Row = Record<string, unknown>;

// What the records of one request share (and the chain they are written to), and what each has of its
// own. `sameRequest` compares the same fields.
const SHARED = new Set(['writer', 'at', 'consumer', 'institution', 'system', 'purpose', 'legal_basis', 'case_reference', 'operation_name', 'request_id', 'bulk', 'hidden_until']);
const SHARED_COLUMNS = COLUMNS.filter(([name]) => SHARED.has(name));
const OWN_COLUMNS = COLUMNS.filter(([name]) => !SHARED.has(name) && name !== 'field_paths');

// PostgreSQL's append, a statement the server prepares once per connection: what the records of one
// request share goes once, in one array a column, each record's own with the number of its request,
// so that a request that read a hundred people sends its consumer, purpose and the rest once, not a
// hundred times. The people of one request mostly had the same fields read: each distinct list of
// paths goes once too, joined, and each record names its list by number. A record's own values
// (numbers, personal numbers, hashes) hold no comma: each column travels as one joined text, which
// the driver sends as it is instead of quoting every element of an array.
const POSTGRES_APPEND = {
  name: 'audit_append',
  text:
    `insert into access_record (${COLUMNS.map(([name]) => name).join(', ')}) ` +
    `select ${COLUMNS.map(([name]) => (name === 'field_paths' ? `string_to_array(($${OWN_COLUMNS.length + SHARED_COLUMNS.length + 3}::text[])[paths], ',')` : name)).join(', ')} ` +
    `from unnest(${[['request', 'int'], ['paths', 'int'], ...OWN_COLUMNS].map(([, type], index) => `string_to_array($${index + 1}, ',')::${type}[]`).join(', ')}) ` +
    `as own (request, paths, ${OWN_COLUMNS.map(([name]) => name).join(', ')}) ` +
    `join unnest(${SHARED_COLUMNS.map(([, type], index) => `$${index + OWN_COLUMNS.length + 3}::${type}[]`).join(', ')}) with ordinality ` +
    `as shared (${SHARED_COLUMNS.map(([name]) => name).join(', ')}, request) using (request)`,
};

// The parameters of the append: consecutive records that share every shared value are one request.
function postgresAppendValues(records: readonly AccessRecord[]): unknown[] {
  const requests: AccessRecord[] = [];
  const requestOf: number[] = new Array(records.length);
  const pathLists = new Map<string, number>();
  const pathsOf: number[] = new Array(records.length);
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const previous = records[index - 1];
    if (previous === undefined || record.writer !== previous.writer || !sameRequest(record, previous)) requests.push(record);
    requestOf[index] = requests.length;
    const paths = record.fieldPaths.join(',');
    let number = pathLists.get(paths);
    if (number === undefined) pathLists.set(paths, (number = pathLists.size + 1));
    pathsOf[index] = number;
  }
  return [
    requestOf.join(','),
    pathsOf.join(','),
    ...OWN_COLUMNS.map(([, , read]) => records.map(read).join(',')),
    ...SHARED_COLUMNS.map(([, , read]) => requests.map(read)),
    [...pathLists.keys()],
  ];
}

/** Where a listing of checkpoints stands: the last one listed. */
export type CheckpointPosition = Pick<Checkpoint, 'at' | 'writer' | 'kind' | 'seq'>;

/** Where a citizen's view of their records stands: the last record shown, newest first. */
export interface AccessPosition {
  at: string;
  writer: string;
  seq: number;
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
    const connectOptions = { writable: !options.readOnly, poolSize: (options.writeLanes ?? 2) + 2 };
    const pool = engine === 'postgres' ? postgresPool(url, connectOptions) : null;
    const db = pool ? new Kysely<any>({ dialect: new PostgresDialect({ pool }) }) : connect<any>(url, connectOptions).db;
    const store = new AuditStore(db, engine, pool);
    try {
      if (engine === 'sqlite' && !options.readOnly) await createSqliteTrail(db);
      else await sql`select 1 from access_record, audit_checkpoint limit 0`.execute(db);
    } catch (error) {
      await db.destroy();
      const { type, code } = driverErrorOf(error);
      const missing = code === '42P01' || /no such table/.test(String((error as Error).message));
      throw new Error(missing ? 'The audit trail has no tables yet: run npm run audit:migrate' : `The audit database could not be opened (${code === undefined ? type : `${type} ${String(code)}`})`);
    }
    return store;
  }

  /** Adds records, already chained, in one statement (PostgreSQL: one array a column, however many records). */
  async append(records: readonly AccessRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      if (this.pool) {
        await this.pool.query({ ...POSTGRES_APPEND, values: postgresAppendValues(records) });
        return;
      }
      const perStatement = Math.floor(MAX_PARAMETERS.sqlite / COLUMNS.length);
      // SQLite binds no booleans.
      const rows = records.map((record) => Object.fromEntries(COLUMNS.map(([name, , read]) => [name, name === 'bulk' ? Number(read(record)) : read(record)])));
      await this.db.transaction().execute(async (trx) => {
        for (let start = 0; start < rows.length; start += perStatement) await trx.insertInto('access_record').values(rows.slice(start, start + perStatement)).execute();
      });
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

  /** Up to `limit` records of a writer's chain after `afterSeq`, in chain order. */
  async recordsOf(writer: string, afterSeq: number, limit: number): Promise<AccessRecord[]> {
    const rows = await this.db.selectFrom('access_record').selectAll().where('writer', '=', writer).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(recordOf);
  }

  /**
   * The records of one person visible on `day` (not hidden until a later day), newest first, after
   * `before` when given.
   */
  async visibleRecordsOf(personalNumber: string, day: string, before: AccessPosition | null, limit: number): Promise<AccessRecord[]> {
    let query = this.db
      .selectFrom('access_record')
      .selectAll()
      .where('personal_no', '=', personalNumber)
      .where((eb) => eb.or([eb('hidden_until', 'is', null), eb('hidden_until', '<=', day)]));
    if (before !== null) query = query.where(sql<boolean>`(at, writer, seq) < (${before.at}, ${before.writer}, ${before.seq})`);
    try {
      const rows = await query.orderBy('at', 'desc').orderBy('writer', 'desc').orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(recordOf);
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

function recordOf(row: Row): AccessRecord {
  const paths = row.field_paths;
  return {
    writer: String(row.writer),
    seq: Number(row.seq),
    at: isoOf(row.at),
    consumer: String(row.consumer),
    institution: String(row.institution),
    system: String(row.system),
    purpose: row.purpose as string | null,
    legalBasis: row.legal_basis as string | null,
    caseReference: row.case_reference as string | null,
    operationName: row.operation_name as string | null,
    requestId: String(row.request_id),
    personalNumber: String(row.personal_no).trim(),
    fieldPaths: Array.isArray(paths) ? (paths as string[]) : String(paths) === '' ? [] : String(paths).split(','),
    bulk: row.bulk === true || row.bulk === 1,
    hiddenUntil: row.hidden_until as string | null,
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}
