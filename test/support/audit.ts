import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { AuditStore } from '../../src/audit/auditStore.js';
import { CheckpointKeys, writeSigningKey } from '../../src/audit/checkpoints.js';
import type { AccessRecord, SubjectRead } from '../../src/audit/records.js';
import { migratePostgresTrail } from '../../src/audit/schema.js';
import { verifyTrail, type Verification } from '../../src/audit/verify.js';
import { WitnessDirectory } from '../../src/audit/witness.js';
import { createDatabase, dropDatabase } from '../../src/seed/index.js';
import { connect } from '../../src/sources/engine.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gw-audit-key-'));
/** The key the tests' gateways sign their checkpoints with, and its published half. */
export const TEST_SIGNING_KEY = await writeSigningKey(path.join(dir, 'signing-key.pem'));

/** A witness directory of its own, so that a test reads only its own gateways' checkpoints. */
export function freshWitnessDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gw-witness-'));
}

/** Every record of the trail at `url`, chain by chain. */
export async function allRecords(url: string): Promise<AccessRecord[]> {
  const store = await AuditStore.open(url, { readOnly: true });
  try {
    const records: AccessRecord[] = [];
    for (const { writer } of await store.writers()) records.push(...(await store.recordsOf(writer, 0, 10_000_000)).map(({ record }) => record));
    return records;
  } finally {
    await store.close();
  }
}

/** One person's part of a record: the record, the person and their fields, and whether it read several people. */
export type PersonRead = AccessRecord & SubjectRead & { bulk: boolean };

/** Every person's part of every record of the trail at `url`, chain by chain. */
export async function allReads(url: string): Promise<PersonRead[]> {
  return (await allRecords(url)).flatMap((record) => record.subjects.map((subject) => ({ ...record, ...subject, bulk: record.subjects.length > 1 })));
}

/** What `audit:verify` finds in the trail at `url`, with the tests' key and these witnesses. */
export async function verifyAt(url: string, witnessDirs: readonly string[] = []): Promise<Verification> {
  const store = await AuditStore.open(url, { readOnly: true });
  try {
    return await verifyTrail(store, await CheckpointKeys.fromFiles([TEST_SIGNING_KEY.publicKeyFile]), witnessDirs.map((witness) => new WitnessDirectory(witness)));
  } finally {
    await store.close();
  }
}

/** A PostgreSQL trail made by `audit:migrate` on a database of its own: its owner's URL, the gateway's, and how to drop it. */
export interface PostgresTrail {
  ownerUrl: string;
  writerUrl: string;
  drop(): Promise<void>;
}

/** Makes a PostgreSQL trail as a DBA would, with roles named after its database. */
export async function postgresTrail(): Promise<PostgresTrail> {
  const database = `gw_audit_${process.pid}_${randomBytes(4).toString('hex')}`;
  const ownerUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
  await createDatabase(ownerUrl);
  const roles = { owner: `${database}_owner`, writer: `${database}_writer`, writerPassword: null };
  const { db } = connect<any>(ownerUrl, { writable: true, poolSize: 1 });
  try {
    await migratePostgresTrail(db, roles, 1);
  } finally {
    await db.destroy();
  }
  return {
    ownerUrl,
    writerUrl: `postgres://${roles.writer}@127.0.0.1:5432/${database}`,
    async drop() {
      await dropDatabase(ownerUrl);
      const { db: server } = connect<any>('postgres://postgres@127.0.0.1:5432/postgres', { writable: true, poolSize: 1 });
      try {
        for (const role of [roles.writer, roles.owner]) await sql`drop role if exists ${sql.id(role)}`.execute(server);
      } finally {
        await server.destroy();
      }
    },
  };
}
