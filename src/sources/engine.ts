import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { createPool as createMysqlPool } from 'mysql2';
import pg from 'pg';

/** The database engines a legacy registry can live on. */
export type Engine = 'postgres' | 'mysql' | 'sqlite';

/**
 * Most bound parameters one statement may carry, kept well under each engine's hard limit
 * (SQLite 32 766, PostgreSQL and MariaDB 65 535) so that a query's other parameters still fit.
 */
export const MAX_PARAMETERS: Readonly<Record<Engine, number>> = Object.freeze({
  sqlite: 30_000,
  postgres: 60_000,
  mysql: 60_000,
});

/** What `connect` needs to know besides the URL. */
export interface ConnectOptions {
  /** Open for writing: only the seed tool does; the gateway reads the registries. */
  writable?: boolean;
  /** Connections kept per pool (PostgreSQL, MariaDB). */
  poolSize?: number;
  /**
   * How long the server may run one statement, and a connection may take to open (PostgreSQL,
   * MariaDB): a statement the gateway gave up on does not go on loading the registry.
   */
  statementTimeoutMs?: number;
  /**
   * The one schema names are looked for in (PostgreSQL), whatever the database's or the role's own
   * settings say: a table of the same name in a schema searched before it cannot stand in for it.
   */
  schema?: string;
  /**
   * Every commit on the disk before it returns, whatever the database's or the role's own settings
   * say (PostgreSQL's `synchronous_commit`; SQLite, which in WAL mode would flush only at its
   * checkpoints): what the audit trail writes must outlive a crash of the machine, not only of the process.
   */
  durable?: boolean;
}

/** An open Kysely handle on one registry, with the engine it runs on. */
export interface Connection<DB> {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
}

const PG_DATE_OID = 1082;
// Connections per pool unless the caller says otherwise.
const DEFAULT_POOL_SIZE = 10;

/** The engine a registry URL names: `postgres://`, `mysql://` (or `mariadb://`), `sqlite:<file>`. */
export function engineOf(url: string): Engine {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  if (scheme === 'sqlite') return 'sqlite';
  throw new Error(`Unsupported registry URL scheme "${scheme}:" (use postgres://, mysql:// or sqlite:)`);
}

/** The file a `sqlite:` URL points at (`sqlite:data/x.sqlite`, `sqlite:///abs/x.sqlite`). */
export function sqliteFileOf(url: string): string {
  const rest = url.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

/** Opens a pooled connection to the registry at `url` on the engine its scheme names. */
export function connect<DB>(url: string, options: ConnectOptions = {}): Connection<DB> {
  const engine = engineOf(url);
  return { db: new Kysely<DB>({ dialect: dialectFor(engine, url, options) }), engine };
}

/**
 * The `pg` pool under a PostgreSQL connection, for the one caller that needs what Kysely does not
 * give: a named, server-side prepared statement (the audit trail's append).
 */
export function postgresPool(url: string, options: ConnectOptions = {}): pg.Pool {
  const settings = startupSettings(options);
  const pool = new pg.Pool({
    connectionString: url.replace(/^postgresql:/, 'postgres:'),
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs, connectionTimeoutMillis: options.statementTimeoutMs } : {}),
    ...(settings ? { options: settings } : {}),
    // Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A registry restart breaks idle connections: the pool drops them and the next statement
  // reports the failure, instead of the event crashing the gateway. A connection cut while it
  // runs a statement fails that statement, and its client's error event must not crash either.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

// The settings a PostgreSQL session starts with, as its `options` parameter: read-only unless it
// writes (the gateway never writes to a registry; the server enforces it for every transaction), the
// one schema to look in when given, and commits flushed when they must be.
function startupSettings({ writable, schema, durable }: ConnectOptions): string {
  return [
    ...(writable ? [] : ['-c default_transaction_read_only=on']),
    ...(schema ? [`-c search_path=${schema}`] : []),
    ...(durable ? ['-c synchronous_commit=on'] : []),
  ].join(' ');
}

function dialectFor(engine: Engine, url: string, options: ConnectOptions): Dialect {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  switch (engine) {
    case 'postgres':
      return new PostgresDialect({ pool: postgresPool(url, options) });
    case 'mysql': {
      const pool = createMysqlPool({
        uri: url.replace(/^mariadb:/, 'mysql:'),
        connectionLimit: poolSize,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        charset: 'utf8mb4',
        ...(options.statementTimeoutMs ? { connectTimeout: options.statementTimeoutMs } : {}),
      });
      const timeoutSeconds = options.statementTimeoutMs && options.statementTimeoutMs / 1000;
      pool.on('connection', (connection) => {
        // As for PostgreSQL: a cut connection fails its statement, never the process.
        connection.on('error', () => {});
        // MariaDB's own bound on a statement, per session.
        if (timeoutSeconds) connection.query(`SET SESSION max_statement_time = ${timeoutSeconds}`, () => {});
      });
      return new MysqlDialect({ pool });
    }
    case 'sqlite': {
      const database = new Database(sqliteFileOf(url), {
        readonly: !options.writable,
        fileMustExist: !options.writable,
      });
      if (options.writable) database.pragma('journal_mode = WAL');
      // better-sqlite3 opens a file already in WAL mode with `synchronous = NORMAL`.
      if (options.durable) database.pragma('synchronous = FULL');
      return new SqliteDialect({ database });
    }
  }
}
