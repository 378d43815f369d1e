import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql, type ColumnType, type Kysely } from 'kysely';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import { connect, engineOf, MAX_PARAMETERS, sqliteFileOf, type Engine } from '../sources/engine.js';
import { chained, GENESIS_HASH, type AccessEvent, type AccessRecord } from './records.js';

interface AccessRecordTable {
  // PostgreSQL answers a bigint as a string.
  seq: ColumnType<number | string, number, never>;
  at: string;
  consumer: string;
  institution: string;
  system: string;
  purpose: string | null;
  legal_basis: string | null;
  case_reference: string | null;
  operation_name: string | null;
  request_id: string;
  personal_no: string;
  /** A JSON array of field paths. */
  field_paths: string;
  // SQLite keeps a boolean as 0 or 1.
  bulk: ColumnType<boolean | number, boolean | number, never>;
  hidden_until: string | null;
  prev_hash: string;
  hash: string;
}

interface AuditDatabase {
  access_record: AccessRecordTable;
}

// Every column with its PostgreSQL type, in table order.
const PG_COLUMNS = [
  ['seq', 'bigint'], ['at', 'text'], ['consumer', 'text'], ['institution', 'text'], ['system', 'text'], ['purpose', 'text'],
  ['legal_basis', 'text'], ['case_reference', 'text'], ['operation_name', 'text'], ['request_id', 'text'], ['personal_no', 'text'],
  ['field_paths', 'text'], ['bulk', 'boolean'], ['hidden_until', 'date'], ['prev_hash', 'text'], ['hash', 'text'],
] as const satisfies ReadonlyArray<readonly [keyof AccessRecordTable, string]>;
const COLUMNS = PG_COLUMNS.length;
// Any 64-bit number will do: it names the lock every writer of the trail takes, on every replica.
const CHAIN_LOCK = 7_301_215_042;

/**
 * The append-only store of access records, on PostgreSQL or SQLite. Appending takes a lock that every
 * gateway replica shares, so the records form one chain whatever the number of writers.
 */
export class AuditStore {
  private constructor(
    private readonly db: Kysely<AuditDatabase>,
    private readonly engine: Engine,
  ) {}

  /** Opens the store and creates its table, index and append-only guards when they are missing. */
  static async open(url: string): Promise<AuditStore> {
    if (engineOf(url) === 'sqlite') await mkdir(path.dirname(path.resolve(sqliteFileOf(url))), { recursive: true });
    const { db, engine } = connect<AuditDatabase>(url, { writable: true, poolSize: 4 });
    const store = new AuditStore(db, engine);
    try {
      await store.createSchema();
    } catch (error) {
      await db.destroy();
      const { type, code } = driverErrorOf(error);
      throw new Error(`The audit database could not be prepared (${code === undefined ? type : `${type} ${String(code)}`})`);
    }
    return store;
  }

  /** Appends the events as the next records of the chain, in one transaction. */
  async append(events: readonly AccessEvent[]): Promise<AccessRecord[]> {
    if (events.length === 0) return [];
    try {
      return await this.inWriteTransaction(async (trx) => {
        const last = await trx.selectFrom('access_record').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const records = chained(events, last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH });
        if (this.engine === 'postgres') {
          // One statement of one array per column, however many records: a payroll check's thousand
          // records cost PostgreSQL one parse and 16 parameters instead of 16 000.
          const rows = records.map((record) => toRow(record, this.engine));
          const column = (name: (typeof PG_COLUMNS)[number][0]) => rows.map((row) => row[name]);
          await sql`insert into access_record (${sql.join(PG_COLUMNS.map(([name]) => sql.ref(name)))})
            select * from unnest(${sql.join(PG_COLUMNS.map(([name, type]) => sql`${column(name)}::${sql.raw(type)}[]`))})`.execute(trx);
          return records;
        }
        const perStatement = Math.floor(MAX_PARAMETERS[this.engine] / COLUMNS);
        for (let start = 0; start < records.length; start += perStatement) {
          await trx.insertInto('access_record').values(records.slice(start, start + perStatement).map((record) => toRow(record, this.engine))).execute();
        }
        return records;
      });
    } catch (error) {
      throw new AuditUnavailableError('write', driverErrorOf(error));
    }
  }

  /** Up to `limit` records after `afterSeq`, in chain order. */
  async recordsAfter(afterSeq: number, limit: number): Promise<AccessRecord[]> {
    const rows = await this.db.selectFrom('access_record').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(fromRow);
  }

  /**
   * The records of one person visible on `day` (not hidden until a later day), newest first, before
   * `beforeSeq` when given.
   */
  async visibleRecordsOf(personalNumber: string, day: string, beforeSeq: number | null, limit: number): Promise<AccessRecord[]> {
    let query = this.db
      .selectFrom('access_record')
      .selectAll()
      .where('personal_no', '=', personalNumber)
      .where((eb) => eb.or([eb('hidden_until', 'is', null), eb('hidden_until', '<=', day)]));
    if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
    try {
      const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(fromRow);
    } catch (error) {
      throw new AuditUnavailableError('read', driverErrorOf(error));
    }
  }

  /** Whether the audit database answers now. */
  async reachable(): Promise<boolean> {
    return sql`select 1`.execute(this.db).then(() => true, () => false);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private async inWriteTransaction<T>(work: (trx: Kysely<AuditDatabase>) => Promise<T>): Promise<T> {
    if (this.engine === 'postgres') {
      return this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
        return work(trx);
      });
    }
    // SQLite: take the write lock at the start, so two processes never both read the same chain end.
    return this.db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    });
  }

  private async createSchema(): Promise<void> {
    if (this.engine === 'postgres') {
      await this.db.transaction().execute(async (trx) => {
        // Replicas starting together would otherwise race on the same definitions.
        await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
        await sql`create table if not exists access_record (
          seq bigint primary key, at text not null, consumer text not null, institution text not null, system text not null,
          purpose text, legal_basis text, case_reference text, operation_name text, request_id text not null,
          personal_no char(10) not null, field_paths text not null, bulk boolean not null, hidden_until date,
          prev_hash char(64) not null, hash char(64) not null)`.execute(trx);
        await sql`create index if not exists access_record_person on access_record (personal_no, seq)`.execute(trx);
        await sql`create or replace function access_record_append_only() returns trigger language plpgsql as $$
          begin raise exception 'the audit trail is append-only'; end $$`.execute(trx);
        await sql`create or replace trigger access_record_append_only before update or delete or truncate on access_record
          for each statement execute function access_record_append_only()`.execute(trx);
      });
      return;
    }
    await sql`create table if not exists access_record (
      seq integer primary key, at text not null, consumer text not null, institution text not null, system text not null,
      purpose text, legal_basis text, case_reference text, operation_name text, request_id text not null,
      personal_no text not null, field_paths text not null, bulk integer not null, hidden_until text,
      prev_hash text not null, hash text not null)`.execute(this.db);
    await sql`create index if not exists access_record_person on access_record (personal_no, seq)`.execute(this.db);
    for (const change of ['update', 'delete']) {
      await sql.raw(`create trigger if not exists access_record_no_${change} before ${change} on access_record
        begin select raise(abort, 'the audit trail is append-only'); end`).execute(this.db);
    }
  }
}

function toRow(record: AccessRecord, engine: Engine) {
  return {
    seq: record.seq,
    at: record.at,
    consumer: record.consumer,
    institution: record.institution,
    system: record.system,
    purpose: record.purpose,
    legal_basis: record.legalBasis,
    case_reference: record.caseReference,
    operation_name: record.operationName,
    request_id: record.requestId,
    personal_no: record.personalNumber,
    field_paths: JSON.stringify(record.fieldPaths),
    // SQLite binds no booleans.
    bulk: engine === 'sqlite' ? Number(record.bulk) : record.bulk,
    hidden_until: record.hiddenUntil,
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

function fromRow(row: { [K in keyof AccessRecordTable]: AccessRecordTable[K] extends ColumnType<infer S, unknown, unknown> ? S : AccessRecordTable[K] }): AccessRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    consumer: row.consumer,
    institution: row.institution,
    system: row.system,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    caseReference: row.case_reference,
    operationName: row.operation_name,
    requestId: row.request_id,
    personalNumber: row.personal_no,
    fieldPaths: JSON.parse(row.field_paths) as string[],
    bulk: row.bulk === true || row.bulk === 1,
    hiddenUntil: row.hidden_until,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
