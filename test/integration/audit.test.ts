import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../../src/audit/auditStore.js';
import { recordHash, type AccessEvent } from '../../src/audit/records.js';
import { verifyChain } from '../../src/audit/verify.js';
import type { Citizen } from '../../src/domain.js';
import { createDatabase, dropDatabase } from '../../src/seed/index.js';
import { connect } from '../../src/sources/engine.js';
import { authHeaders, portalToken } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

const run = promisify(execFile);

let registries: TestRegistries;
let people: Citizen[];
const auditDatabases: string[] = [];

/** A fresh, empty audit database on the machine's PostgreSQL, dropped after the suite. */
async function postgresAuditDatabase(): Promise<string> {
  const url = `postgres://postgres@127.0.0.1:5432/gw_audit_${process.pid}_${randomBytes(4).toString('hex')}`;
  await createDatabase(url);
  auditDatabases.push(url);
  return url;
}

async function recordsIn(url: string) {
  const store = await AuditStore.open(url);
  try {
    return await store.recordsAfter(0, 100_000);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 1500);
  const gw = await startTestGateway(registries.targets);
  try {
    const found: Citizen[] = [];
    for (let code = 1; found.length < 1000 && code <= 38; code += 1) {
      for (let after: string | null = null; ; ) {
        const page: Citizen[] = await gw.sources.civil.searchPersons({ birthMunicipalityCode: code }, after, 500);
        found.push(...page);
        if (page.length < 500) break;
        after = page[page.length - 1]!.personalNumber;
      }
    }
    people = found.slice(0, 1000);
  } finally {
    await gw.stop();
  }
  expect(people).toHaveLength(1000);
});

afterAll(async () => {
  await Promise.all(auditDatabases.map((url) => dropDatabase(url)));
  await registries?.drop();
});

describe('the audit trail', () => {
  let gw: TestGateway;
  let audit: string;

  beforeAll(async () => {
    audit = await postgresAuditDatabase();
    gw = await startTestGateway(registries.targets, { config: { auditDatabaseUrl: audit } });
  });

  afterAll(() => gw?.stop());

  it('holds exactly one record per person read: 200 concurrent requests of 5 people leave 1000 records, the right ones', async () => {
    const groups = Array.from({ length: 200 }, (_, index) => people.slice(index * 5, index * 5 + 5).map((person) => person.personalNumber));
    const answers = await Promise.all(
      groups.map((numbers, index) =>
        gw.query('query Payroll($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { lastName address { street } } }', { n: numbers }, {
          ...authHeaders(),
          'x-request-id': `payroll-${index}`,
          'x-case-reference': `case ${index}`,
        }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200 && answer.data?.citizens.length === 5)).toBe(true);
    const hasAddress = new Map(answers.flatMap((answer, index) => answer.data!.citizens.map((citizen: any, position: number) => [groups[index]![position], citizen.address !== null])));

    const records = await recordsIn(audit);
    expect(records).toHaveLength(1000);
    const read = new Map(records.map((record) => [`${record.requestId} ${record.personalNumber}`, record]));
    groups.forEach((numbers, index) => {
      for (const number of numbers) {
        expect(read.get(`payroll-${index} ${number}`)).toMatchObject({
          consumer: 'tester',
          institution: 'Gateway tests',
          purpose: 'testing',
          caseReference: `case ${index}`,
          operationName: 'Payroll',
          // Someone without an address had `address` returned as null.
          fieldPaths: [hasAddress.get(number) ? 'address.street' : 'address', 'lastName'],
          bulk: true,
        });
      }
    });
    expect(await verifyChainAt(audit)).toEqual({ intact: true, records: 1000 });
  });

  it('records which fields were returned for whom, under field names, and never a value', async () => {
    const person = people.find((candidate) => candidate.status === 'ALIVE' && candidate.addressId !== null)!;
    const before = (await recordsIn(audit)).length;
    const answer = await gw.query(
      `query { citizen(personalNumber: "${person.personalNumber}") { name: lastName isAlive household { firstName } documents { number } } }`,
    );
    const { household, documents } = answer.data!.citizen as { household: unknown[]; documents: unknown[] };
    const records = (await recordsIn(audit)).slice(before);
    const own = records.find((record) => record.personalNumber === person.personalNumber)!;
    // A living person is a member of their own household, so their first name was returned too.
    const ownFirstName = person.status === 'ALIVE' && household.length > 0 ? ['firstName'] : [];
    expect(own.fieldPaths).toEqual([documents.length > 0 ? 'documents.number' : 'documents', ...ownFirstName, 'household', 'isAlive', 'lastName']);
    expect(records).toHaveLength(new Set([person.personalNumber, ...records.map((record) => record.personalNumber)]).size);
    expect(own.bulk).toBe(records.length > 1);
    // Each other member of the household has a record of their own, with what was read of them.
    expect(records.filter((record) => record.personalNumber !== person.personalNumber).every((record) => record.fieldPaths.join() === 'firstName')).toBe(true);
    expect(JSON.stringify(records)).not.toContain(person.lastName);
  });

  it('records nothing for reference data, or for a refused operation', async () => {
    const before = (await recordsIn(audit)).length;
    await gw.query('{ municipality(code: 3) { nameSq } }');
    await gw.query(`{ citizen(personalNumber: "${people[1]!.personalNumber}") { lastName } }`, undefined, authHeaders(undefined, null));
    expect(await recordsIn(audit)).toHaveLength(before);
  });

  it('cannot be changed through the database: updates and deletes are refused', async () => {
    const { db } = connect<any>(audit, { writable: true, poolSize: 1 });
    try {
      await expect(sql`update access_record set purpose = 'other' where seq = 1`.execute(db)).rejects.toThrow();
      await expect(sql`delete from access_record where seq = 1`.execute(db)).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  });

  it('withholds the answer when the audit database is gone: AUDIT_UNAVAILABLE, and no personal data', async () => {
    const doomed = await postgresAuditDatabase();
    const doomedGw = await startTestGateway(registries.targets, { config: { auditDatabaseUrl: doomed } });
    try {
      expect((await doomedGw.query(`{ citizen(personalNumber: "${people[2]!.personalNumber}") { lastName } }`)).data?.citizen?.lastName).toBe(people[2]!.lastName);
      await dropDatabase(doomed);
      const answer = await doomedGw.query(`{ citizen(personalNumber: "${people[2]!.personalNumber}") { lastName } }`);
      expect(answer.status).toBe(503);
      expect(answer.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(answer).not.toHaveProperty('data');
      expect(JSON.stringify(answer)).not.toContain(people[2]!.lastName);
      // Reference data is no one's: it is still answered.
      expect((await doomedGw.query('{ municipality(code: 1) { nameSq } }')).data?.municipality?.nameSq).toBe('Prishtinë');
    } finally {
      await doomedGw.stop();
    }
  });
});

describe("the citizen's own view of the trail", () => {
  let audit: string;
  let onNewYear: TestGateway;
  let inMarch: TestGateway;
  const view = `query($after: String) { myDataAccess(first: 1, after: $after) { nodes { at institution system purpose legalBasis fields } pageInfo { endCursor hasNextPage } } }`;
  const asPortal = async (personalNumber: string) => ({ authorization: `Bearer ${await portalToken(personalNumber)}`, 'x-purpose': 'own-data' });

  beforeAll(async () => {
    audit = `sqlite:/tmp/gw-audit-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`;
    [onNewYear, inMarch] = await Promise.all([
      startTestGateway(registries.targets, { today: '2026-01-01', config: { auditDatabaseUrl: audit } }),
      startTestGateway(registries.targets, { today: '2026-03-01', config: { auditDatabaseUrl: audit } }),
    ]);
  });

  afterAll(() => Promise.all([onNewYear?.stop(), inMarch?.stop()]));

  it('shows a citizen who read their data, when, why and which fields, newest first; a hidden read only from the day its hiding ends', async () => {
    const [person, other] = [people[10]!, people[11]!];
    await onNewYear.query(`{ citizen(personalNumber: "${person.personalNumber}") { lastName } }`, undefined, { ...authHeaders(), 'x-legal-basis': 'Law 03/L-099, art. 12' });
    await onNewYear.query(`{ citizen(personalNumber: "${person.personalNumber}") { dateOfBirth } }`, undefined, { ...authHeaders(), 'x-hidden-until': '2026-03-01' });
    await onNewYear.query(`{ citizen(personalNumber: "${other.personalNumber}") { lastName } }`);

    const inJanuary = await onNewYear.query(view, {}, await asPortal(person.personalNumber));
    expect(inJanuary.data?.myDataAccess).toEqual({
      nodes: [{ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), institution: 'Gateway tests', system: 'Integration suite', purpose: 'testing', legalBasis: 'Law 03/L-099, art. 12', fields: ['lastName'] }],
      pageInfo: { endCursor: expect.any(String), hasNextPage: false },
    });

    const newest = await inMarch.query(view, {}, await asPortal(person.personalNumber));
    expect(newest.data?.myDataAccess.nodes[0].fields).toEqual(['dateOfBirth']);
    expect(newest.data?.myDataAccess.pageInfo.hasNextPage).toBe(true);
    const older = await inMarch.query(view, { after: newest.data?.myDataAccess.pageInfo.endCursor }, await asPortal(person.personalNumber));
    expect(older.data?.myDataAccess.nodes[0].fields).toEqual(['lastName']);
    expect(older.data?.myDataAccess.pageInfo.hasNextPage).toBe(false);
  });

  it("shows a vehicle's owner that the police read the vehicle by its plate, without asking for the owner; a hidden read from its day", async () => {
    // Among people no other test reads.
    const owners = await onNewYear.sources.vehicle.vehiclesOfOwners(people.slice(20).map((person) => person.personalNumber));
    const vehicle = owners.find((candidate) => candidate.ownerPersonalNumber !== null)!;
    const byPlate = `{ vehicle(plate: "${vehicle.plate}") { make model status } }`;
    await onNewYear.query(byPlate, undefined, { ...authHeaders(), 'x-case-reference': 'PK-2026-0117' });
    await onNewYear.query(`{ drivingLicence(number: "NOSUCHLICENCE") { penaltyPoints } }`);
    await onNewYear.query(byPlate, undefined, { ...authHeaders(), 'x-hidden-until': '2026-03-01' });
    const everything = `{ myDataAccess(first: 10) { nodes { fields } } }`;

    const inJanuary = await onNewYear.query(everything, {}, await asPortal(vehicle.ownerPersonalNumber!));
    expect(inJanuary.data?.myDataAccess.nodes).toEqual([{ fields: ['vehicle.make', 'vehicle.model', 'vehicle.status'] }]);
    const inMarchToo = await inMarch.query(everything, {}, await asPortal(vehicle.ownerPersonalNumber!));
    expect(inMarchToo.data?.myDataAccess.nodes).toHaveLength(2);
  });

  it('is no one else\'s: a consumer whose credential names no citizen is refused it', async () => {
    const result = await onNewYear.query('{ myDataAccess { nodes { at } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toBeNull();
  });

  it('refuses a hiding day that is not after today', async () => {
    const result = await onNewYear.query(`{ citizen(personalNumber: "${people[12]!.personalNumber}") { lastName } }`, undefined, { ...authHeaders(), 'x-hidden-until': '2026-01-01' });
    expect(result).toMatchObject({ status: 400, errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe.each(['sqlite', 'postgres'] as const)('an audit trail on %s', (engine) => {
  const event = (index: number): AccessEvent => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
    consumer: 'police',
    institution: 'Kosovo Police',
    system: 'Police information system',
    purpose: 'traffic-control',
    legalBasis: null,
    caseReference: null,
    operationName: 'Check',
    requestId: `r${index}`,
    personalNumber: String(1_000_000_000 + index),
    fieldPaths: ['lastName'],
    bulk: false,
    hiddenUntil: null,
  });

  /** A trail of 60 records written by two stores, as two replicas would. */
  async function trailOfTwoWriters(): Promise<string> {
    const url = engine === 'postgres' ? await postgresAuditDatabase() : `sqlite:/tmp/gw-audit-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`;
    const [a, b] = [await AuditStore.open(url), await AuditStore.open(url)];
    const batches = Array.from({ length: 20 }, (_, batch) => () => (batch % 2 ? a : b).append([event(batch * 3), event(batch * 3 + 1), event(batch * 3 + 2)]));
    // PostgreSQL writers contend for the chain's lock; SQLite's driver blocks its process, so one process writes in turn.
    if (engine === 'postgres') await Promise.all(batches.map((append) => append()));
    else for (const append of batches) await append();
    await Promise.all([a.close(), b.close()]);
    return url;
  }

  it('numbers the records of several writers in one unbroken chain', async () => {
    const url = await trailOfTwoWriters();
    const records = await recordsIn(url);
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(new Set(records.map((record) => record.requestId)).size).toBe(60);
    expect(await verifyChainAt(url)).toEqual({ intact: true, records: 60 });
  });

  it('names the record an administrator changed behind the guards, with `npm run audit:verify`', async () => {
    const url = await trailOfTwoWriters();
    await asAdministrator(url, engine, `update access_record set purpose = 'public-order' where seq = 17`);
    const verified = await verifyWithCli(url);
    expect(verified.code).toBe(1);
    expect(verified.output).toContain('broken at record 17: record 17 was changed');
  });

  it('names a record rewritten with a hash of its own making', async () => {
    const url = await trailOfTwoWriters();
    const forged = (await recordsIn(url))[29]!;
    const { seq, prevHash, hash: _hash, ...rest } = forged;
    const hash = recordHash(seq, { ...rest, purpose: 'public-order' }, prevHash);
    await asAdministrator(url, engine, `update access_record set purpose = 'public-order', hash = '${hash}' where seq = 30`);
    expect(await verifyChainAt(url)).toMatchObject({ intact: false, seq: 30 });
  });

  it('names where records were removed', async () => {
    const url = await trailOfTwoWriters();
    await asAdministrator(url, engine, 'delete from access_record where seq in (41, 42)');
    expect(await verifyChainAt(url)).toMatchObject({ intact: false, seq: 43, problem: 'records 41 to 42 were removed' });
  });
});

describe('npm run audit:verify', () => {
  it('says an intact trail is intact, and exits 0', async () => {
    const url = `sqlite:/tmp/gw-audit-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`;
    const store = await AuditStore.open(url);
    await store.close();
    expect(await verifyWithCli(url)).toEqual({ code: 0, output: expect.stringContaining('intact: 0 records') });
  });
});

async function verifyChainAt(url: string) {
  const store = await AuditStore.open(url);
  try {
    return await verifyChain(store);
  } finally {
    await store.close();
  }
}

async function verifyWithCli(url: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'src/audit/cli.ts'], { env: { ...process.env, AUDIT_DATABASE_URL: url } });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

// Someone with the database's own rights: lifts the append-only guards, changes the trail, and puts them back.
async function asAdministrator(url: string, engine: 'sqlite' | 'postgres', statement: string): Promise<void> {
  const { db } = connect<any>(url, { writable: true, poolSize: 1 });
  try {
    if (engine === 'postgres') {
      await sql.raw(`alter table access_record disable trigger access_record_append_only`).execute(db);
      await sql.raw(statement).execute(db);
      await sql.raw(`alter table access_record enable trigger access_record_append_only`).execute(db);
    } else {
      await sql.raw('drop trigger access_record_no_update').execute(db);
      await sql.raw('drop trigger access_record_no_delete').execute(db);
      await sql.raw(statement).execute(db);
    }
  } finally {
    await db.destroy();
  }
}
