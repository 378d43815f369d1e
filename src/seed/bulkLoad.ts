import { once } from 'node:events';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { engineOf, sqliteFileOf, type Engine } from '../sources/engine.js';
import { removeSqliteFiles } from './databases.js';
import { quoteIdentifier, type ColumnSpec, type TableSpec } from './schema.js';

/** Appends rows to one table as fast as its engine allows. */
export interface TableWriter {
  /** Resolves once the writer can take more rows (earlier rows may still be in flight). */
  write(rows: readonly object[]): Promise<void>;
  /** Resolves once every row is stored. */
  end(): Promise<void>;
}

/** A registry database opened for seeding: statements, bulk writers, and a final hand-over. */
export interface RegistryStore {
  readonly engine: Engine;
  /** Runs statements one after the other. */
  execute(statements: readonly string[]): Promise<void>;
  writer(table: TableSpec): Promise<TableWriter>;
  /** Makes the load visible: for SQLite, moves the finished file into place. */
  finish(): Promise<void>;
  /** Releases every connection; a store closed before `finish` leaves no half-built file. */
  close(): Promise<void>;
}

/** Opens the registry database at `url` for seeding (the database must exist). */
export async function openStore(url: string): Promise<RegistryStore> {
  switch (engineOf(url)) {
    case 'postgres':
      return openPostgresStore(url);
    case 'mysql':
      return openMysqlStore(url);
    case 'sqlite':
      return SqliteStore.open(url);
  }
}

// Rows per INSERT on MariaDB: statements of a few hundred kilobytes, far under max_allowed_packet.
const MYSQL_ROWS_PER_STATEMENT = 2000;

/** A table writer holding a connection of its own, which closing the store ends. */
interface ConnectedWriter extends TableWriter {
  close(): Promise<void>;
}

// PostgreSQL and MariaDB: statements run on one connection, each table is written on its own, and
// closing the store ends them all. The rows are visible once written: finishing has nothing to do.
function serverStore(
  engine: Engine,
  connection: { query(statement: string): Promise<unknown>; end(): Promise<void> },
  openWriter: (table: TableSpec) => Promise<ConnectedWriter>,
): RegistryStore {
  const writers = new Set<ConnectedWriter>();
  return {
    engine,
    async execute(statements) {
      for (const statement of statements) await connection.query(statement);
    },
    async writer(table) {
      const writer = await openWriter(table);
      writers.add(writer);
      return writer;
    },
    async finish() {},
    async close() {
      await Promise.all([...writers].map((writer) => writer.close()));
      await connection.end().catch(() => {});
    },
  };
}

async function openPostgresStore(url: string): Promise<RegistryStore> {
  const client = await connectPostgres(url);
  // Index builds sort in memory rather than on disk.
  await client.query(`SET maintenance_work_mem = '256MB'`);
  return serverStore('postgres', client, (table) => PostgresCopyWriter.open(url, table));
}

// COPY ... FROM STDIN on a connection of its own, in the transaction that truncated the table, so
// PostgreSQL can write the rows already frozen.
class PostgresCopyWriter implements ConnectedWriter {
  private failure: unknown = null;
  private closed = false;

  private constructor(private readonly client: pg.Client, private readonly stream: copyStreams.CopyStreamQuery, private readonly columns: readonly ColumnSpec[]) {
    stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  static async open(url: string, table: TableSpec): Promise<PostgresCopyWriter> {
    const client = await connectPostgres(url);
    const q = (name: string) => quoteIdentifier('postgres', name);
    try {
      await client.query('SET synchronous_commit = off');
      await client.query('BEGIN');
      await client.query(`TRUNCATE ${q(table.name)}`);
      const columns = table.columns.map((c) => q(c.name)).join(', ');
      const stream = client.query(copyStreams.from(`COPY ${q(table.name)} (${columns}) FROM STDIN WITH (FORMAT text, FREEZE true)`));
      return new PostgresCopyWriter(client, stream, table.columns);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  }

  async write(rows: readonly object[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (rows.length === 0) return;
    let text = '';
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      let line = '';
      for (let i = 0; i < this.columns.length; i++) {
        const column = this.columns[i]!;
        line += (i === 0 ? '' : '\t') + copyValue(record[column.name]);
      }
      text += `${line}\n`;
    }
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await finished(this.stream);
    await this.client.query('COMMIT');
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => {});
  }
}

function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (char) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[char]!)
    : text;
}

async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url.replace(/^postgresql:/, 'postgres:') });
  // Errors on an idle connection surface through the next query; this keeps them from crashing the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

async function openMysqlStore(url: string): Promise<RegistryStore> {
  return serverStore('mysql', await connectMysql(url), async (table) => new MysqlInsertWriter(await connectMysql(url), table));
}

// Multi-row INSERTs with the values inlined, one statement in flight while the next batch is made.
class MysqlInsertWriter implements ConnectedWriter {
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly prefix: string;
  private closed = false;

  constructor(private readonly connection: mysql.Connection, private readonly table: TableSpec) {
    const q = (name: string) => quoteIdentifier('mysql', name);
    this.prefix = `INSERT INTO ${q(table.name)} (${table.columns.map((c) => q(c.name)).join(', ')}) VALUES `;
  }

  async write(rows: readonly object[]): Promise<void> {
    for (let start = 0; start < rows.length; start += MYSQL_ROWS_PER_STATEMENT) {
      const values: string[] = [];
      for (const row of rows.slice(start, start + MYSQL_ROWS_PER_STATEMENT)) {
        const record = row as Record<string, unknown>;
        values.push(`(${this.table.columns.map((c) => mysqlValue(c, record[c.name])).join(',')})`);
      }
      await this.pending;
      if (this.failure) throw this.failure;
      const statement = this.prefix + values.join(',');
      this.pending = this.connection.query(statement).then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= error;
        },
      );
    }
  }

  async end(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pending;
    await this.connection.end().catch(() => {});
  }
}

// Strings without quotes, backslashes or control characters need no escaping; the rest go through mysql2's escaper.
const MYSQL_SAFE = /^[^'"\\\0\n\r\x1a]*$/;

function mysqlValue(column: ColumnSpec, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  let text = String(value);
  // DATETIME takes 'YYYY-MM-DD HH:MM:SS' (UTC here), not ISO 8601's 'T' and 'Z'.
  if (column.kind === 'timestamp') text = text.replace('T', ' ').replace('Z', '');
  return MYSQL_SAFE.test(text) ? `'${text}'` : mysql.escape(text);
}

async function connectMysql(url: string): Promise<mysql.Connection> {
  const connection = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), charset: 'utf8mb4' });
  // The load brings its own unique keys and no foreign keys: skip the checks while it runs.
  await connection.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  return connection;
}

// Builds the database in a temporary file beside the target and renames it into place at the end:
// whoever opens the target sees either the previous registry or the complete new one.
class SqliteStore implements RegistryStore {
  readonly engine = 'sqlite';
  private finished = false;
  private closed = false;

  private constructor(private readonly file: string, private readonly building: string, private readonly database: Database.Database) {}

  static async open(url: string): Promise<SqliteStore> {
    const file = path.resolve(sqliteFileOf(url));
    const building = `${file}.seeding-${process.pid}`;
    await removeSqliteFiles(building);
    const database = new Database(building);
    // A file that is thrown away on failure needs no crash safety while it is built.
    database.pragma('journal_mode = OFF');
    database.pragma('synchronous = OFF');
    database.pragma('cache_size = -65536');
    return new SqliteStore(file, building, database);
  }

  async execute(statements: readonly string[]): Promise<void> {
    for (const statement of statements) this.database.exec(statement);
  }

  async writer(table: TableSpec): Promise<TableWriter> {
    const q = (name: string) => quoteIdentifier('sqlite', name);
    const insert = this.database.prepare(
      `INSERT INTO ${q(table.name)} (${table.columns.map((c) => q(c.name)).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
    );
    const names = table.columns.map((c) => c.name);
    const insertAll = this.database.transaction((rows: readonly object[]) => {
      const values = new Array<unknown>(names.length);
      for (const row of rows) {
        const record = row as Record<string, unknown>;
        for (let i = 0; i < names.length; i++) {
          const value = record[names[i]!];
          values[i] = typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null);
        }
        insert.run(values);
      }
    });
    return {
      write: async (rows) => {
        insertAll(rows);
      },
      end: async () => {},
    };
  }

  async finish(): Promise<void> {
    this.database.pragma('journal_mode = DELETE');
    this.database.close();
    this.closed = true;
    await removeSqliteFiles(this.file);
    await rename(this.building, this.file);
    this.finished = true;
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.database.close();
    }
    if (!this.finished) await removeSqliteFiles(this.building);
  }
}
