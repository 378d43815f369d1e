import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { engineOf, sqliteFileOf } from '../sources/engine.js';
import { quoteIdentifier } from './schema.js';

/**
 * Creates the database a registry URL names, when it does not exist yet: on PostgreSQL through the
 * server's `postgres` database, on MariaDB with utf8mb4, for SQLite the file's folder. Safe to call
 * when the database exists, and when another process creates it at the same moment.
 */
export async function createDatabase(url: string): Promise<void> {
  switch (engineOf(url)) {
    case 'postgres': {
      const name = databaseNameOf(url);
      await withPostgresServer(url, async (client) => {
        const existing = await client.query('/* seedFindDatabase */ SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (existing.rowCount) return;
        try {
          // template0 is never connected to, so concurrent creations do not collide on it.
          await client.query(`/* seedCreateDatabase */ CREATE DATABASE ${quoteIdentifier('postgres', name)} TEMPLATE template0 ENCODING 'UTF8'`);
        } catch (error) {
          if (!hasCode(error, '42P04')) throw error;
        }
      });
      return;
    }
    case 'mysql': {
      const name = databaseNameOf(url);
      await withMysqlServer(url, (connection) =>
        connection.query(`/* seedCreateDatabase */ CREATE DATABASE IF NOT EXISTS ${quoteIdentifier('mysql', name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
      );
      return;
    }
    case 'sqlite':
      await mkdir(path.dirname(path.resolve(sqliteFileOf(url))), { recursive: true });
      return;
  }
}

/**
 * Drops the database a registry URL names, if it exists: on PostgreSQL even while clients are
 * still connected to it, for SQLite the file with its journal files.
 */
export async function dropDatabase(url: string): Promise<void> {
  switch (engineOf(url)) {
    case 'postgres': {
      const name = databaseNameOf(url);
      await withPostgresServer(url, (client) =>
        client.query(`/* seedDropDatabase */ DROP DATABASE IF EXISTS ${quoteIdentifier('postgres', name)} WITH (FORCE)`),
      );
      return;
    }
    case 'mysql': {
      const name = databaseNameOf(url);
      await withMysqlServer(url, (connection) => connection.query(`/* seedDropDatabase */ DROP DATABASE IF EXISTS ${quoteIdentifier('mysql', name)}`));
      return;
    }
    case 'sqlite':
      await removeSqliteFiles(path.resolve(sqliteFileOf(url)));
      return;
  }
}

/** Removes an SQLite database file together with its rollback journal, WAL and shared-memory files. */
export async function removeSqliteFiles(file: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
}

/** The database a PostgreSQL or MariaDB URL names (its path). */
export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(parseUrl(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('The registry URL names no database (expected …/<database>)');
  return name;
}

/** The same server URL pointing at another database (or at none). */
function serverUrl(url: string, database: string): string {
  const parsed = parseUrl(url);
  parsed.pathname = database ? `/${encodeURIComponent(database)}` : '';
  return parsed.toString();
}

function parseUrl(url: string): URL {
  try {
    return new URL(url.replace(/^postgresql:/, 'postgres:').replace(/^mariadb:/, 'mysql:'));
  } catch {
    throw new Error('The registry URL is not a valid URL');
  }
}

// Runs `work` on a connection to the server's maintenance database: `postgres`, or `template1`
// where an administrator has removed `postgres`.
async function withPostgresServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  for (const maintenance of ['postgres', 'template1']) {
    const client = new pg.Client({ connectionString: serverUrl(url, maintenance) });
    // A connection that breaks is reported by the failing query; this keeps it from crashing the process.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      if (hasCode(error, '3D000') && maintenance === 'postgres') continue;
      throw error;
    }
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error('The PostgreSQL server has neither a postgres nor a template1 database');
}

async function withMysqlServer<T>(url: string, work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({ uri: serverUrl(url, ''), charset: 'utf8mb4' });
  try {
    return await work(connection);
  } finally {
    await connection.end().catch(() => {});
  }
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
