import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setImmediate } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditStore, MAX_RECORDS_PER_APPEND, trailConnection } from '../../src/audit/auditStore.js';
import { AuditTrail } from '../../src/audit/auditTrail.js';
import { CheckpointSigner, writeSigningKey } from '../../src/audit/checkpoints.js';
import { recordHash, subjectColumns, type AccessEvent, type AccessRecord } from '../../src/audit/records.js';
import { pruneTrail } from '../../src/audit/prune.js';
import { migratePostgresTrail, monthPartition, OLDER_LAYOUT } from '../../src/audit/schema.js';
import { WitnessDirectory } from '../../src/audit/witness.js';
import { createDatabase, dropDatabase } from '../../src/seed/index.js';
import { connect, type ConnectOptions } from '../../src/sources/engine.js';
import { allRecords, freshWitnessDir, postgresTrail, TEST_SIGNING_KEY, verifyAt, type PostgresTrail } from '../support/audit.js';

const run = promisify(execFile);
const trails: PostgresTrail[] = [];
const silent = pino({ level: 'silent' });

afterAll(() => Promise.all(trails.map((trail) => trail.drop())));

const event = (index: number, at = new Date(Date.UTC(2026, 0, 1, 0, 0, index))): AccessEvent => ({
  at: at.toISOString(),
  consumer: 'police',
  institution: 'Kosovo Police',
  system: 'Police information system',
  purpose: 'traffic-control',
  legalBasis: null,
  caseReference: index % 2 ? 'PK 1/26' : null,
  operationName: 'Check',
  requestId: `r${index}`,
  subjects: [{ personalNumber: String(1_000_000_000 + index), fieldPaths: ['lastName', 'vehicle.make'] }, { personalNumber: String(2_000_000_000 + index), fieldPaths: ['lastName'] }],
  hiddenUntil: null,
});

/** A trail on `engine`: where the gateway writes, and where an administrator with every right reaches it. */
async function newTrail(engine: 'sqlite' | 'postgres'): Promise<{ url: string; adminUrl: string; witness: string }> {
  if (engine === 'postgres') {
    const trail = await postgresTrail();
    trails.push(trail);
    return { url: trail.writerUrl, adminUrl: trail.ownerUrl, witness: freshWitnessDir() };
  }
  const url = `sqlite:${path.join(tmpdir(), `gw-ledger-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`)}`;
  return { url, adminUrl: url, witness: freshWitnessDir() };
}

/** Writes `count` records from one writer in batches of three, then stops it, which signs its head; `atOf` dates them. */
async function written(url: string, witness: string, count: number, from = 0, atOf?: (index: number) => Date): Promise<string> {
  const store = await AuditStore.open(url);
  const trail = new AuditTrail({
    store, signer: await CheckpointSigner.fromFile(TEST_SIGNING_KEY.privateKeyFile), witness: new WitnessDirectory(witness), checkpointSeconds: 3600, lanes: 1, log: silent,
  });
  for (let index = from; index < from + count; index += 3) {
    // In turn, so that the records' times follow their numbers.
    for (const offset of [0, 1, 2].filter((more) => index + more < from + count)) await trail.record(event(index + offset, atOf?.(index + offset)));
  }
  await trail.close();
  await store.close();
  return trail.writers[0]!;
}

// Someone with every right of the database: lifts the append-only guards, changes the trail, and puts them back.
async function asAdministrator(adminUrl: string, work: (db: Kysely<any>) => Promise<unknown>): Promise<void> {
  const { db, engine } = connect<any>(adminUrl, { writable: true, poolSize: 1 });
  try {
    if (engine === 'postgres') {
      await db.connection().execute(async (connection) => {
        await sql`set session_replication_role = replica`.execute(connection);
        await work(connection);
      });
    } else {
      const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger'`.execute(db);
      for (const { name } of triggers.rows) await sql.raw(`drop trigger ${name}`).execute(db);
      await work(db);
      for (const trigger of triggers.rows) await sql.raw(trigger.sql).execute(db);
    }
  } finally {
    await db.destroy();
  }
}

// Runs `statements` as the database's administrator, the guards left as they are.
async function administer(adminUrl: string, statements: readonly string[]): Promise<void> {
  const { db } = connect<any>(adminUrl, { writable: true, poolSize: 1 });
  try {
    for (const statement of statements) await sql.raw(statement).execute(db);
  } finally {
    await db.destroy();
  }
}

// Records rewritten as one who knows how hashes are made would: from the first, every hash recomputed
// and the numbers made to follow on again; `change` returns a record changed, or null to leave it out.
async function rewriteFrom(db: Kysely<any>, engine: 'sqlite' | 'postgres', records: AccessRecord[], change: (record: AccessRecord) => AccessRecord | null): Promise<void> {
  const first = records[0]!;
  let previous = { seq: first.seq - 1, hash: first.prevHash };
  await sql`delete from access_record where writer = ${first.writer} and seq >= ${first.seq}`.execute(db);
  for (const original of records) {
    const changed = change(original);
    if (changed === null) continue;
    const { writer, seq: _seq, prevHash: _prevHash, hash: _hash, ...rest } = changed;
    const seq = previous.seq + 1;
    const subjects = subjectColumns(rest.subjects);
    const hash = recordHash({ writer, seq }, rest, subjects, previous.hash);
    await db.insertInto('access_record').values({
      writer, seq, at: rest.at, consumer: rest.consumer, institution: rest.institution, system: rest.system, purpose: rest.purpose,
      legal_basis: rest.legalBasis, case_reference: rest.caseReference, operation_name: rest.operationName, request_id: rest.requestId,
      personal_nos: subjects.people, field_paths: subjects.fields, hidden_until: rest.hiddenUntil, prev_hash: previous.hash, hash,
    }).execute();
    previous = { seq, hash };
  }
}

describe.each(['sqlite', 'postgres'] as const)('the access ledger on %s', (engine) => {
  it('keeps a chain per writer, each numbered from 1, and finds them intact and signed', async () => {
    const { url, witness } = await newTrail(engine);
    const [a, b] = await Promise.all([written(url, witness, 20), written(url, witness, 10, 100)]);
    const records = await allRecords(url);
    expect(records.filter((record) => record.writer === a).map((record) => record.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(records.filter((record) => record.writer === b).map((record) => record.seq)).toEqual(Array.from({ length: 10 }, (_, index) => index + 1));
    expect(await verifyAt(url, [witness])).toMatchObject({ intact: true, chains: 2, records: 30, checkpoints: 2, unsigned: 0, findings: [] });
  });

  it('writes more records than one statement takes, as they came, each request told once its own are stored', async () => {
    const { url, witness } = await newTrail(engine);
    const store = await AuditStore.open(url, { writeLanes: 1 });
    const writes: number[] = [];
    const trail = new AuditTrail({
      store, signer: await CheckpointSigner.fromFile(TEST_SIGNING_KEY.privateKeyFile), witness: new WitnessDirectory(witness), checkpointSeconds: 3600, lanes: 1, log: silent,
      onWrite: (ok, _ms, records) => writes.push(ok ? records : -records),
    });
    const count = 2 * MAX_RECORDS_PER_APPEND + 1;
    // How many writes had succeeded when each request was told.
    const toldAfter = await Promise.all(Array.from({ length: count }, (_, index) => trail.record(event(index)).then(() => writes.length)));
    await trail.close();
    await store.close();
    expect(writes).toEqual([MAX_RECORDS_PER_APPEND, MAX_RECORDS_PER_APPEND, 1]);
    expect(toldAfter).toEqual(Array.from({ length: count }, (_, index) => Math.floor(index / MAX_RECORDS_PER_APPEND) + 1));
    expect((await allRecords(url)).map((record) => [record.seq, record.requestId])).toEqual(Array.from({ length: count }, (_, index) => [index + 1, `r${index}`]));
    expect(await verifyAt(url, [witness])).toMatchObject({ intact: true, chains: 1, records: count, findings: [] });
  });

  it('names records removed from the end of a chain, before its last checkpoint', async () => {
    const { url, adminUrl, witness } = await newTrail(engine);
    const writer = await written(url, witness, 12);
    await asAdministrator(adminUrl, (db) => sql`delete from access_record where writer = ${writer} and seq > 9`.execute(db));
    expect((await verifyAt(url, [witness])).findings).toEqual([{ writer, seq: 10, problem: expect.stringContaining('records 10 to 12 were removed') }]);
  });

  it('names a record changed in the middle even when every later hash was recomputed', async () => {
    const { url, adminUrl, witness } = await newTrail(engine);
    const writer = await written(url, witness, 12);
    const records = (await allRecords(url)).slice(4);
    await asAdministrator(adminUrl, (db) => rewriteFrom(db, engine, records, (record) => (record.seq === 5 ? { ...record, purpose: 'public-order' } : record)));
    expect((await verifyAt(url, [witness])).findings).toEqual([{ writer, seq: 12, problem: expect.stringContaining('the chain was rewritten') }]);
  });

  it('names a record deleted and the rest renumbered', async () => {
    const { url, adminUrl, witness } = await newTrail(engine);
    const writer = await written(url, witness, 12);
    const records = (await allRecords(url)).slice(6);
    await asAdministrator(adminUrl, (db) => rewriteFrom(db, engine, records, (record) => (record.seq === 7 ? null : record)));
    const { findings } = await verifyAt(url, [witness]);
    expect(findings).toEqual([{ writer, seq: 12, problem: expect.stringContaining('records 12 to 12 were removed') }]);
  });

  it('names a checkpoint removed from the database that a witness kept, and one not signed by a known key', async () => {
    const { url, adminUrl, witness } = await newTrail(engine);
    const writer = await written(url, witness, 6);
    await asAdministrator(adminUrl, (db) => sql`delete from audit_checkpoint`.execute(db));
    // A checkpoint made with a key of someone else's, set beside the real ones.
    const other = await writeSigningKey(path.join(freshWitnessDir(), 'other.pem'));
    const forged = (await CheckpointSigner.fromFile(other.privateKeyFile)).sign({ writer, seq: 3, hash: 'f'.repeat(64) }, 'head');
    await new WitnessDirectory(witness).append([forged]);
    const { findings } = await verifyAt(url, [witness]);
    expect(findings).toEqual(expect.arrayContaining([
      { writer, seq: 6, problem: expect.stringContaining('kept by a witness, is missing from the database') },
      { writer, seq: 3, problem: expect.stringContaining('is not signed by a known key') },
    ]));
  });

  it('names a checkpoint whose signature was changed', async () => {
    const { url, witness } = await newTrail(engine);
    const writer = await written(url, witness, 3);
    const [file] = await readdir(witness);
    const line = JSON.parse((await readFile(path.join(witness, file!), 'utf8')).trim());
    await writeFile(path.join(witness, file!), `${JSON.stringify({ ...line, seq: 30 })}\n`, { flag: 'a' });
    expect((await verifyAt(url, [witness])).findings).toEqual([{ writer, seq: 30, problem: expect.stringContaining('is not signed by a known key') }]);
  });

  it('reads a witness whose last append a crash cut short, and names each line in it that is not a checkpoint', async () => {
    const { url, witness } = await newTrail(engine);
    await written(url, witness, 3);
    const [file] = await readdir(witness);
    const kept = await readFile(path.join(witness, file!), 'utf8');
    // Part of a line, without its line break: what an append cut short by a crash leaves.
    await writeFile(path.join(witness, file!), kept.slice(0, 30), { flag: 'a' });
    expect(await verifyAt(url, [witness])).toMatchObject({ intact: true, checkpoints: 1, findings: [] });
    // Lines edited into something else between two whole ones: not JSON, JSON without a checkpoint's
    // fields, and a checkpoint whose number is not one.
    const line = JSON.parse(kept.trim());
    await writeFile(path.join(witness, file!), `${kept}not a checkpoint\n{}\n${JSON.stringify({ ...line, seq: String(line.seq) })}\n${kept}`);
    expect(await verifyAt(url, [witness])).toMatchObject({
      intact: false,
      findings: [2, 3, 4].map((lineNumber) => ({ writer: null, seq: null, problem: `the witness's line ${path.join(witness, file!)}:${lineNumber} is not a checkpoint` })),
    });
  });

  it('names a missing append-only guard, and leaves it missing', async () => {
    const { url, adminUrl, witness } = await newTrail(engine);
    await written(url, witness, 3);
    const dropped = engine === 'postgres' ? 'drop trigger access_record_no_truncate on access_record_default' : 'drop trigger access_record_no_delete';
    await administer(adminUrl, [dropped]);
    for (let round = 0; round < 2; round += 1) {
      expect((await verifyAt(url, [witness])).findings).toEqual([{ writer: null, seq: null, problem: expect.stringMatching(/guard .*(access_record_default\.access_record_no_truncate|access_record_no_delete) is missing/) }]);
    }
  });

  it('names an append-only guard left in place under its name but made to let changes through, and leaves it so', async () => {
    const tampering: ReadonlyArray<readonly [statements: readonly string[], named: RegExp]> = engine === 'postgres'
      ? [
          [['alter table access_record enable replica trigger access_record_append_only'], /guard access_record\.access_record_append_only is/],
          [['create or replace function audit_append_only() returns trigger language plpgsql as $$ begin return old; end $$'], /guard audit_append_only\(\) is/],
        ]
      : [
          [['drop trigger access_record_no_delete', "create trigger access_record_no_delete before delete on access_record when 0 begin select raise(abort, 'the audit trail is append-only'); end"], /guard access_record_no_delete is/],
          [['drop trigger audit_checkpoint_no_update', 'create trigger audit_checkpoint_no_update before update on audit_checkpoint begin select 1; end'], /guard audit_checkpoint_no_update is/],
        ];
    for (const [statements, named] of tampering) {
      const { url, adminUrl, witness } = await newTrail(engine);
      await written(url, witness, 3);
      await administer(adminUrl, statements);
      for (let round = 0; round < 2; round += 1) {
        const { findings } = await verifyAt(url, [witness]);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.every((finding) => finding.writer === null && /is missing, disabled or changed/.test(finding.problem))).toBe(true);
        expect(findings.some((finding) => named.test(finding.problem))).toBe(true);
      }
    }
  });

  it('tells, with `npm run audit:verify`, which writer and record, and exits 1; 0 when intact', async () => {
    const { url, adminUrl, witness } = await newTrail(engine);
    const writer = await written(url, witness, 6);
    const env = { ...process.env, AUDIT_DATABASE_URL: url, AUDIT_PUBLIC_KEY_FILES: TEST_SIGNING_KEY.publicKeyFile, AUDIT_WITNESS_DIR: witness };
    expect(await cli(env)).toEqual({ code: 0, output: expect.stringContaining('The audit trail is intact: 6 records in 1 chains') });
    await asAdministrator(adminUrl, (db) => sql`update access_record set purpose = 'public-order' where writer = ${writer} and seq = 4`.execute(db));
    expect(await cli(env)).toEqual({ code: 1, output: expect.stringContaining(`writer ${writer}, record 4: record 4 was changed`) });
  });
});

describe('verifying a PostgreSQL trail, under whatever its database says of where to look', () => {
  it('reads the trail where audit:migrate made it, not an intact copy in a schema the session would look in first', async () => {
    const { url, adminUrl, witness } = await newTrail('postgres');
    const writer = await written(url, witness, 3);
    const role = new URL(url).username;
    await administer(adminUrl, [
      `create schema "${role}"`,
      `grant usage on schema "${role}" to "${role}"`,
      `create table "${role}".access_record (like public.access_record including all)`,
      `insert into "${role}".access_record select * from public.access_record`,
      `create table "${role}".audit_checkpoint as select * from public.audit_checkpoint`,
      `grant select on all tables in schema "${role}" to "${role}"`,
    ]);
    await asAdministrator(adminUrl, (db) => sql`update access_record set consumer = 'forged' where writer = ${writer} and seq = 2`.execute(db));
    expect((await verifyAt(url, [witness])).findings).toEqual([{ writer, seq: 2, problem: expect.stringContaining('record 2 was changed') }]);
  });

  it('names guards lifted from the trail though tables of the same names elsewhere keep theirs, and guards kept from firing by a setting', async () => {
    const { url, adminUrl, witness } = await newTrail('postgres');
    await written(url, witness, 3);
    await administer(adminUrl, [
      'alter table access_record disable trigger access_record_append_only',
      'create schema decoy',
      'create table decoy.access_record (x int)',
      'create trigger access_record_append_only before update or delete on decoy.access_record for each row execute function public.audit_append_only()',
    ]);
    const lifted = (await verifyAt(url, [witness])).findings.map((finding) => finding.problem);
    expect(lifted).toContainEqual(expect.stringContaining('guard access_record.access_record_append_only is missing, disabled or changed'));

    const { url: other, adminUrl: otherAdmin, witness: otherWitness } = await newTrail('postgres');
    await written(other, otherWitness, 3);
    await administer(otherAdmin, [`alter database "${new URL(otherAdmin).pathname.slice(1)}" set session_replication_role = replica`]);
    expect((await verifyAt(other, [otherWitness])).findings).toEqual([{ writer: null, seq: null, problem: expect.stringContaining('session_replication_role = replica') }]);
  });

  it('names a partition made without its guard, however deep below the trail it hangs', async () => {
    const { url, adminUrl, witness } = await newTrail('postgres');
    await written(url, witness, 3);
    await administer(adminUrl, [
      "create table access_record_y2001 partition of access_record for values from ('2001-01-01') to ('2002-01-01') partition by range (at)",
      "create table access_record_y2001m01 partition of access_record_y2001 for values from ('2001-01-01') to ('2001-02-01')",
    ]);
    // Row guards reach new partitions by themselves; TRUNCATE's is made on each partition by audit:migrate.
    expect((await verifyAt(url, [witness])).findings.map((finding) => finding.problem).sort()).toEqual([
      'the append-only guard access_record_y2001.access_record_no_truncate is missing, disabled or changed',
      'the append-only guard access_record_y2001m01.access_record_no_truncate is missing, disabled or changed',
    ]);
  });
});

describe.each(['sqlite', 'postgres'] as const)('a prune of the access ledger on %s', (engine) => {
  // Six records of March 2019, then six of today: with five years kept, the first six go.
  const longAgo = (index: number) => (index < 6 ? new Date(Date.UTC(2019, 2, 1 + index)) : new Date());

  async function oldAndNew() {
    const trail = await newTrail(engine);
    if (engine === 'postgres') {
      const { db } = connect<any>(trail.adminUrl, { writable: true, poolSize: 1 });
      await monthPartition(db, new Date(Date.UTC(2019, 2, 1))).finally(() => db.destroy());
    }
    return { ...trail, writer: await written(trail.url, trail.witness, 12, 0, longAgo) };
  }

  it('removes what retention no longer keeps, signs where each chain now starts, and verifies clean', async () => {
    const { url, adminUrl, witness, writer } = await oldAndNew();
    const { db } = connect<any>(adminUrl, { writable: true, poolSize: 1 });
    const signer = await CheckpointSigner.fromFile(TEST_SIGNING_KEY.privateKeyFile);
    const pruned = await pruneTrail(db, engine, new Date(Date.now() - 1826 * 86_400_000), signer, new WitnessDirectory(witness)).finally(() => db.destroy());
    expect(pruned).toMatchObject({ records: 6, checkpoints: [{ writer, seq: 6, kind: 'retention' }] });
    if (engine === 'postgres') expect(pruned.partitions).toContain('access_record_y2019m03');
    expect((await allRecords(url)).map((record) => record.seq)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(await verifyAt(url, [witness])).toMatchObject({ intact: true, records: 6, unsigned: 0, findings: [] });
  });

  it('tells the same records deleted without a prune from a lawful one', async () => {
    const { url, adminUrl, witness, writer } = await oldAndNew();
    await asAdministrator(adminUrl, (db) => sql`delete from access_record where seq <= 6`.execute(db));
    expect((await verifyAt(url, [witness])).findings).toEqual([{ writer, seq: 1, problem: 'records 1 to 6 were removed' }]);
  });
});

describe('writers of one trail', () => {
  it('do not wait on each other: one writer commits while another holds its transaction open', async () => {
    const trail = await postgresTrail();
    trails.push(trail);
    const { db } = connect<any>(trail.writerUrl, { writable: true, poolSize: 1 });
    try {
      await db.connection().execute(async (held) => {
        await sql`begin`.execute(held);
        await sql`insert into audit_checkpoint values ('held', 1, ${'0'.repeat(64)}, 'head', now(), 'k', 's')`.execute(held);
        await sql`insert into access_record (writer, seq, at, consumer, institution, system, request_id, personal_nos, field_paths, prev_hash, hash)
          values ('held', 1, now(), 'c', 'i', 's', 'r', '1000000000', '', ${'0'.repeat(64)}, ${'1'.repeat(64)})`.execute(held);
        // The other writer's records are written and committed meanwhile.
        await written(trail.writerUrl, freshWitnessDir(), 6);
        await sql`rollback`.execute(held);
      });
    } finally {
      await db.destroy();
    }
    expect((await allRecords(trail.writerUrl)).map((record) => record.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('write the records of the requests answered in one turn of the event loop in one statement, each request told', async () => {
    const trail = await postgresTrail();
    trails.push(trail);
    const store = await AuditStore.open(trail.writerUrl, { writeLanes: 1 });
    const writes: boolean[] = [];
    const recorder = new AuditTrail({
      store, signer: await CheckpointSigner.fromFile(TEST_SIGNING_KEY.privateKeyFile), witness: null, checkpointSeconds: 3600, lanes: 1, log: silent,
      onWrite: (ok) => writes.push(ok),
    });
    await Promise.all([recorder.record(event(0)), recorder.record(event(1)), recorder.record(event(2)), recorder.record(event(3))]);
    expect(writes).toEqual([true]);
    await recorder.record(event(4));
    expect(writes).toEqual([true, true]);
    await recorder.close();
    await store.close();
    expect((await allRecords(trail.writerUrl)).map((record) => [record.seq, record.requestId])).toEqual([[1, 'r0'], [2, 'r1'], [3, 'r2'], [4, 'r3'], [5, 'r4']]);
  });

  it("of one process's lanes do not wait on each other: while one lane's write waits, the next records commit on another", async () => {
    const trail = await postgresTrail();
    trails.push(trail);
    const witness = freshWitnessDir();
    const store = await AuditStore.open(trail.writerUrl, { writeLanes: 2 });
    const lanes = new AuditTrail({
      store, signer: await CheckpointSigner.fromFile(TEST_SIGNING_KEY.privateKeyFile), witness: new WitnessDirectory(witness), checkpointSeconds: 3600, lanes: 2, log: silent,
    });
    const first = event(0);
    const { db } = connect<any>(trail.writerUrl, { writable: true, poolSize: 1 });
    try {
      await db.connection().execute(async (held) => {
        // A row with the key the first lane's first record will have, uncommitted: that write waits on it.
        await sql`begin`.execute(held);
        await sql`insert into access_record (writer, seq, at, consumer, institution, system, request_id, personal_nos, field_paths, prev_hash, hash)
          values (${lanes.writers[0]}, 1, ${first.at}, 'c', 'i', 's', 'r', '1000000000', '', ${'0'.repeat(64)}, ${'1'.repeat(64)})`.execute(held);
        let firstWritten = false;
        const waiting = lanes.record(first).then(() => (firstWritten = true));
        // Its write goes out once this turn of the event loop is over; records made later go on another lane.
        await setImmediate();
        await lanes.record(event(1));
        expect(firstWritten).toBe(false);
        await sql`rollback`.execute(held);
        await waiting;
      });
    } finally {
      await db.destroy();
    }
    await lanes.close();
    await store.close();
    const records = await allRecords(trail.writerUrl);
    expect(records.map((record) => [record.writer, record.seq, record.requestId]).sort()).toEqual(
      [[lanes.writers[0], 1, 'r0'], [lanes.writers[1], 1, 'r1']].sort(),
    );
    expect(await verifyAt(trail.writerUrl, [witness])).toMatchObject({ intact: true, chains: 2, records: 2, checkpoints: 2, unsigned: 0 });
  });
});

describe("the trail's commits", () => {
  // What a session opened with `options` says of flushing its commits.
  const flushSetting = async (url: string, options: ConnectOptions): Promise<string> => {
    const { db, engine } = connect<any>(url, { ...options, poolSize: 1 });
    try {
      const { rows } = await sql.raw<Record<string, unknown>>(engine === 'sqlite' ? 'pragma synchronous' : 'show synchronous_commit').execute(db);
      return String(Object.values(rows[0]!)[0]);
    } finally {
      await db.destroy();
    }
  };

  it('are on the disk before they return, though the database is set to return first (PostgreSQL)', async () => {
    const { url, adminUrl } = await newTrail('postgres');
    const { db: admin } = connect<any>(adminUrl, { writable: true, poolSize: 1 });
    try {
      await sql`alter database ${sql.id(new URL(adminUrl).pathname.slice(1))} set synchronous_commit = off`.execute(admin);
    } finally {
      await admin.destroy();
    }
    expect(await flushSetting(url, { ...trailConnection({}), durable: false })).toBe('off');
    expect(await flushSetting(url, trailConnection({}))).toBe('on');
  });

  it('are on the disk before they return on SQLite, whose file in WAL mode would otherwise be flushed at its checkpoints only', async () => {
    const { url } = await newTrail('sqlite');
    // Made as the gateway makes it: the file is in WAL mode from then on.
    await (await AuditStore.open(url)).close();
    // SQLite's `synchronous`: 1 NORMAL, 2 FULL.
    expect(await flushSetting(url, { ...trailConnection({}), durable: false })).toBe('1');
    expect(await flushSetting(url, trailConnection({}))).toBe('2');
  });
});

describe("a person's records on PostgreSQL", () => {
  // How many times the partitions of the index of the numbers were scanned, as the server has counted so far.
  const indexScans = async (adminUrl: string): Promise<number> => {
    const { db } = connect<any>(adminUrl, { writable: false, poolSize: 1 });
    try {
      const { rows } = await sql<{ scans: string }>`select coalesce(sum(s.idx_scan), 0) as scans from pg_stat_user_indexes s
        join pg_inherits i on i.inhrelid = s.indexrelid where i.inhparent = 'access_record_people_bytewise'::regclass`.execute(db);
      return Number(rows[0]!.scans);
    } finally {
      await db.destroy();
    }
  };

  it('are found through the index of the numbers, not by reading the whole trail', async () => {
    const { url, adminUrl, witness } = await newTrail('postgres');
    await written(url, witness, 6);
    // A plan that could read the table whole is ruled out, so a lookup the index does not fit fails to use it on a small trail too.
    const database = new URL(adminUrl).pathname.slice(1);
    await administer(adminUrl, [`alter database ${database} set enable_seqscan = off`]);
    const before = await indexScans(adminUrl);
    const store = await AuditStore.open(url, { readOnly: true });
    try {
      const found = await store.visibleRecordsOf('1000000004', '2026-12-31', null, 10);
      expect(found.map((record) => record.fieldPaths)).toEqual([['lastName', 'vehicle.make']]);
    } finally {
      await store.close();
    }
    // The server counts a session's scans when it next reports them: at the latest when the session ends.
    await expect.poll(() => indexScans(adminUrl), { timeout: 10_000, interval: 200 }).toBeGreaterThan(before);
  });

  it('keep being found on a trail made before, once audit:migrate has replaced its index of the numbers', async () => {
    const { url, adminUrl, witness } = await newTrail('postgres');
    await written(url, witness, 3);
    const database = new URL(adminUrl).pathname.slice(1);
    // The index as trails made before had it, under the database's collation.
    await administer(adminUrl, ['drop index access_record_people_bytewise', "create index access_record_people on access_record using gin (string_to_array(personal_nos, ','))"]);
    const { db } = connect<any>(adminUrl, { writable: true, poolSize: 1 });
    try {
      await migratePostgresTrail(db, { owner: `${database}_owner`, writer: `${database}_writer`, writerPassword: null }, 1);
      const { rows } = await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'access_record' order by indexname`.execute(db);
      expect(rows.map((row) => row.name)).toEqual(['access_record_people_bytewise', 'access_record_pkey']);
    } finally {
      await db.destroy();
    }
    const store = await AuditStore.open(url, { readOnly: true });
    try {
      expect(await store.visibleRecordsOf('2000000001', '2026-12-31', null, 10)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('a trail of the older layout, a record per person read', () => {
  // Its tables as they were: each record one person, with their number and paths.
  const OLDER_TABLES = [
    'create table access_record (writer text not null, seq bigint not null, at text not null, personal_no char(10) not null, field_paths text not null, hash text not null)',
    'create table audit_checkpoint (writer text not null, seq bigint not null, hash text not null)',
  ];

  it('is kept as it is: the gateway, audit:migrate and audit:verify refuse it, saying why, on PostgreSQL and SQLite', async () => {
    const postgres = `postgres://postgres@127.0.0.1:5432/gw_older_${process.pid}_${randomBytes(4).toString('hex')}`;
    const sqlite = `sqlite:${path.join(tmpdir(), `gw-older-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`)}`;
    await createDatabase(postgres);
    try {
      for (const url of [postgres, sqlite]) {
        const { db } = connect<any>(url, { writable: true, poolSize: 1 });
        try {
          for (const statement of OLDER_TABLES) await sql.raw(statement).execute(db);
          await sql`insert into access_record values ('w', 1, '2026-01-01T00:00:00.000Z', '1000000001', 'lastName', ${'1'.repeat(64)})`.execute(db);
          if (url === postgres) {
            const roles = { owner: `gw_older_owner_${process.pid}`, writer: `gw_older_writer_${process.pid}`, writerPassword: null };
            await expect(migratePostgresTrail(db, roles, 1)).rejects.toThrow(OLDER_LAYOUT);
          }
        } finally {
          await db.destroy();
        }
        await expect(AuditStore.open(url)).rejects.toThrow(OLDER_LAYOUT);
        await expect(AuditStore.open(url, { readOnly: true })).rejects.toThrow(OLDER_LAYOUT);
        // Nothing of it was changed.
        const { db: after } = connect<any>(url, { writable: false, poolSize: 1 });
        try {
          expect((await sql<{ personal_no: string }>`select personal_no from access_record`.execute(after)).rows.map((row) => row.personal_no)).toEqual(['1000000001']);
        } finally {
          await after.destroy();
        }
      }
    } finally {
      await dropDatabase(postgres);
    }
  });
});

async function cli(env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'src/audit/cli.ts', 'verify'], { env });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}
