import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedConsumers } from '../../src/auth/generateConsumers.js';
import { addDays } from '../../src/dates.js';
import type { CivilRegistryDatabase } from '../../src/sources/civil/rows.js';
import { connect } from '../../src/sources/engine.js';
import { authHeaders, DEVELOPMENT_KEYS, generatedConsumers, PORTAL_JWKS, portalToken, SHIPPED_CONSUMERS_FILE, TEST_PORTAL } from '../support/consumers.js';
import { startTestGateway, type StatementLog, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

const TODAY = '2026-01-01';
const NOTHING_READ: StatementLog = { civil: {}, address: {}, vehicle: {} };

let registries: TestRegistries;
let civil: Kysely<CivilRegistryDatabase>;
/** The shipped consumers, in development mode. */
let shipped: TestGateway;
/** The shipped consumers with credentials of their own, in production mode. */
let production: TestGateway;
let generated: GeneratedConsumers;
/** The tests' consumers: the tester and a citizen portal. */
let tests: TestGateway;
let living: string[];

/** Headers of a request by a shipped consumer, with its development key. */
const as = (consumer: string, purpose: string | null) => authHeaders(DEVELOPMENT_KEYS[consumer]!, purpose);

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 600);
  generated = await generatedConsumers();
  [shipped, production, tests] = await Promise.all([
    startTestGateway(registries.targets, { today: TODAY, config: { consumersFile: SHIPPED_CONSUMERS_FILE } }),
    startTestGateway(registries.targets, { today: TODAY, production: true, config: { consumersFile: generated.consumersFile } }),
    startTestGateway(registries.targets, { today: TODAY }),
  ]);
  civil = connect<CivilRegistryDatabase>(registries.targets.civil).db;
  const rows = await civil.selectFrom('person').select('personal_no').where('status', '=', 'A').where('address_id', 'is not', null).orderBy('personal_no').limit(60).execute();
  living = rows.map((row) => row.personal_no.trim());
});

afterAll(async () => {
  await Promise.all([shipped?.stop(), production?.stop(), tests?.stop(), civil?.destroy()]);
  await registries?.drop();
});

const CITIZEN = 'query($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName lastName } }';

describe('a request without a valid credential', () => {
  it.each([
    ['no credential', {}],
    ['an unknown API key', { authorization: 'Bearer not-a-key-of-anyone' }],
    ['a key in the wrong scheme', { authorization: `Basic ${DEVELOPMENT_KEYS.cra}` }],
  ])('with %s is refused with UNAUTHENTICATED (401) before any registry is asked', async (_, headers) => {
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await shipped.statementsDuring(async () => {
      const response = await fetch(shipped.gateway.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-purpose': 'civil-registration', ...headers },
        body: JSON.stringify({ query: CITIZEN, variables: { p: living[0] } }),
      });
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      result = { status: response.status, ...((await response.json()) as object) };
    });
    expect(result).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(result).not.toHaveProperty('data');
    expect(statements).toEqual(NOTHING_READ);
  });

  it('logs the refusal without the credential', async () => {
    shipped.logLines.length = 0;
    await shipped.query(CITIZEN, { p: living[0] }, { authorization: 'Bearer guessed-secret-123' });
    const line = shipped.logLines.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'request');
    expect(line).toMatchObject({ status: 401, consumer: null });
    expect(shipped.logLines.join('\n')).not.toContain('guessed-secret-123');
  });

  it('is refused with BAD_REQUEST when a purpose header is malformed, without repeating it', async () => {
    const result = await shipped.query(CITIZEN, { p: living[0] }, { ...as('cra', null), 'x-purpose': 'Investigate <script>' });
    expect(result).toMatchObject({ status: 400, errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(JSON.stringify(result)).not.toContain('script');
  });
});

describe('the developer credential', () => {
  it('reads the synthetic registries in development', async () => {
    const result = await shipped.query(CITIZEN, { p: living[0] }, as('developer', 'development'));
    expect(result.data?.citizen?.lastName).toBeTruthy();
  });

  it('is refused in production mode, even with a key of its own, where the systems of the institutions are still served', async () => {
    expect(await production.query(CITIZEN, { p: living[0] }, authHeaders(generated.apiKeys.developer, 'development'))).toMatchObject({
      status: 401,
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect((await production.query(CITIZEN, { p: living[0] }, authHeaders(generated.apiKeys.cra, 'civil-registration'))).data?.citizen?.lastName).toBeTruthy();
  });
});

describe('scopes', () => {
  it('refuse, before anything is read, every field outside the caller\'s scopes, naming each with what would allow it', async () => {
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await shipped.statementsDuring(async () => {
      result = await shipped.query(
        `query($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName spouse { firstName } vehicles { plate } ...on Citizen { documents { number } } } }`,
        { p: living[0] },
        as('payroll', 'payroll-verification'),
      );
    });
    expect(statements).toEqual(NOTHING_READ);
    expect(result!.status).toBe(403);
    expect(result!.data).toBeUndefined();
    expect(result!.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      fields: [
        { path: 'citizen.spouse', needs: [['family']] },
        { path: 'citizen.vehicles', needs: [['vehicles']] },
        { path: 'citizen.vehicles.plate', needs: [['vehicles']] },
        { path: 'citizen.documents', needs: [['documents']] },
        { path: 'citizen.documents.number', needs: [['documents']] },
      ],
    });
  });

  it.each([
    ['procurement', 'bidder-verification', '{ citizen(personalNumber: "P") { firstName lastName dateOfBirth } }', '{ citizen(personalNumber: "P") { address { street } } }'],
    ['cec', 'voter-registration', '{ citizen(personalNumber: "P") { lastName address { street municipality { nameSq } } household { firstName } } }', '{ citizen(personalNumber: "P") { documents { number } } }'],
    ['police', 'traffic-control', '{ citizen(personalNumber: "P") { lastName vehicles { plate } drivingLicence { categories } documents { status } } }', '{ citizen(personalNumber: "P") { father { lastName } } }'],
    ['payroll', 'payroll-verification', '{ citizen(personalNumber: "P") { isAlive isAdult hasValidIdentityDocument address { street } } }', '{ citizen(personalNumber: "P") { drivingLicence { number } } }'],
  ])('give %s what its mandate allows and refuse the rest', async (consumer, purpose, allowed, refused) => {
    const ok = await shipped.query(allowed.replace('"P"', `"${living[1]}"`), undefined, as(consumer, purpose));
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.citizen).toBeTruthy();
    const no = await shipped.query(refused.replace('"P"', `"${living[1]}"`), undefined, as(consumer, purpose));
    expect(no.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });


  it('decide the same operation for each consumer by its own scopes, however often and in whatever order it is sent', async () => {
    const query = 'query($p: PersonalNumber!) { citizen(personalNumber: $p) { lastName vehicles { plate } } }';
    const codes = [];
    for (const consumer of ['police', 'payroll', 'police', 'payroll']) {
      const result = await shipped.query(query, { p: living[2] }, as(consumer, consumer === 'police' ? 'traffic-control' : 'payroll-verification'));
      codes.push(result.errors?.[0]?.extensions?.code ?? 'answered');
    }
    expect(codes).toEqual(['answered', 'FORBIDDEN', 'answered', 'FORBIDDEN']);
    // The purpose is checked at every request, the scopes' decision kept or not.
    const withoutPurpose = await shipped.query(query, { p: living[2] }, as('police', null));
    expect(withoutPurpose.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', purpose: 'missing' });
  });
  it('let procurement check a bidder\'s identity document without reading it', async () => {
    const check = `{ verifyIdentityDocument(number: "ID000000001", personalNumber: "${living[1]}") { belongsToPerson validOn status } }`;
    const checked = await shipped.query(check, undefined, as('procurement', 'bidder-verification'));
    expect(checked.errors).toBeUndefined();
    expect(checked.data?.verifyIdentityDocument).toMatchObject({ belongsToPerson: expect.any(Boolean), validOn: expect.any(Boolean) });
    const read = await shipped.query('{ identityDocument(number: "ID000000001") { number holder { lastName } } }', undefined, as('procurement', 'bidder-verification'));
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', fields: expect.arrayContaining([expect.objectContaining({ path: 'identityDocument' })]) });
  });

  it('open introspection to the schema scope only', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    expect((await shipped.query(introspection, undefined, as('cra', null))).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await shipped.query(introspection, undefined, as('payroll', null));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', fields: [{ path: '__schema', needs: [['schema']] }] });
  });

  it('leave reference data open to every consumer, with no purpose', async () => {
    const result = await shipped.query('{ municipality(code: 1) { nameSq } }', undefined, as('procurement', null));
    expect(result.data).toEqual({ municipality: { nameSq: 'Prishtinë' } });
  });
});

describe('the purpose', () => {
  it('is required, before anything is read, of an operation reading personal data', async () => {
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await shipped.statementsDuring(async () => (result = await shipped.query(CITIZEN, { p: living[0] }, as('cec', null))));
    expect(statements).toEqual(NOTHING_READ);
    expect(result).toMatchObject({ status: 403, errors: [{ extensions: { code: 'FORBIDDEN', purpose: 'missing', allowedPurposes: ['voter-registration'] } }] });
  });

  it('must be one the consumer may read for', async () => {
    const result = await shipped.query(CITIZEN, { p: living[0] }, as('payroll', 'criminal-investigation'));
    expect(result).toMatchObject({ status: 403, errors: [{ extensions: { code: 'FORBIDDEN', purpose: 'not allowed', allowedPurposes: ['payroll-verification'] } }] });
  });

  it('may keep a read from the person\'s view only for a consumer allowed to, such as the police', async () => {
    const hidden = { 'x-hidden-until': '2026-06-30' };
    expect((await shipped.query(CITIZEN, { p: living[0] }, { ...as('police', 'criminal-investigation'), ...hidden })).data?.citizen?.lastName).toBeTruthy();
    const refused = await shipped.query(CITIZEN, { p: living[0] }, { ...as('payroll', 'payroll-verification'), ...hidden });
    expect(refused).toMatchObject({ status: 403, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  });

  it('may come with a legal basis and a case reference', async () => {
    const result = await shipped.query(CITIZEN, { p: living[0] }, {
      ...as('police', 'criminal-investigation'),
      'x-legal-basis': 'Law 04/L-076 on Police, art. 15',
      'x-case-reference': 'PK-2026/00417',
    });
    expect(result.data?.citizen?.lastName).toBeTruthy();
  });
});

describe('verification without disclosure', () => {
  it('agrees with the full record: alive, holding a valid identity document, holding a valid B licence', async () => {
    const full = await shipped.query(
      'query($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { status documents { status } drivingLicence { status categories } } }',
      { n: living },
      as('cra', 'civil-registration'),
    );
    const checks = await shipped.query(
      'query($n: [PersonalNumber!]!) { citizens(personalNumbers: $n) { isAlive hasValidIdentityDocument hasValidLicence(category: "b") } }',
      { n: living },
      as('payroll', 'payroll-verification'),
    );
    const expected = full.data!.citizens.map((citizen: any) => ({
      isAlive: citizen.status === 'ALIVE',
      hasValidIdentityDocument: citizen.documents.some((document: any) => document.status === 'VALID'),
      hasValidLicence: citizen.drivingLicence?.status === 'VALID' && citizen.drivingLicence.categories.includes('B'),
    }));
    expect(checks.data!.citizens).toEqual(expected);
    // The sample holds both answers of each check, or the comparison would prove little.
    for (const check of ['hasValidIdentityDocument', 'hasValidLicence'] as const) {
      expect(new Set(expected.map((answer: any) => answer[check]))).toEqual(new Set([true, false]));
    }
  });

  it('says a deceased person is not alive', async () => {
    const dead = await civil.selectFrom('person').select('personal_no').where('status', '=', 'D').limit(1).executeTakeFirstOrThrow();
    const result = await shipped.query(`{ citizen(personalNumber: "${dead.personal_no}") { isAlive } }`, undefined, as('payroll', 'payroll-verification'));
    expect(result.data).toEqual({ citizen: { isAlive: false } });
  });

  it('says a person is adult from their 18th birthday, and not the day before', async () => {
    const person = await civil.selectFrom('person').select(['personal_no', 'birth_date']).where('birth_date', 'is not', null).limit(1).executeTakeFirstOrThrow();
    const birthday = `${Number(person.birth_date!.slice(0, 4)) + 18}${person.birth_date!.slice(4, 10)}`;
    const query = `query($p: PersonalNumber!, $on: Date) { citizen(personalNumber: $p) { isAdult(on: $on) } }`;
    const on = async (day: string) => (await shipped.query(query, { p: person.personal_no, on: day }, as('payroll', 'payroll-verification'))).data?.citizen?.isAdult;
    expect(await on(birthday)).toBe(true);
    expect(await on(addDays(birthday, -1))).toBe(false);
  });

  it('refuses a malformed licence category with BAD_USER_INPUT', async () => {
    const result = await shipped.query(`{ citizen(personalNumber: "${living[0]}") { hasValidLicence(category: "B; DROP") } }`, undefined, as('payroll', 'payroll-verification'));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'category' });
  });
});

describe('a citizen portal token', () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'x-purpose': 'own-data' });

  it("reads its subject's own record, with the purpose from the header or the token's claim", async () => {
    const own = await tests.query(CITIZEN, { p: living[2] }, bearer(await portalToken(living[2]!)));
    expect(own.data?.citizen?.lastName).toBeTruthy();
    const withClaim = await tests.query(CITIZEN, { p: living[2] }, { authorization: `Bearer ${await portalToken(living[2]!, { purpose: 'own-data' })}` });
    expect(withClaim.data?.citizen?.lastName).toBe(own.data?.citizen?.lastName);
  });

  it("is refused, before anything is read, anyone else's record and the links to other people", async () => {
    const token = await portalToken(living[2]!);
    for (const [query, path] of [
      [`{ citizen(personalNumber: "${living[3]}") { lastName } }`, 'citizen'],
      [`{ citizen(personalNumber: "${living[2]}") { household { lastName } } }`, 'citizen.household'],
      [`{ citizen(personalNumber: "${living[2]}") { address { residents { nodes { lastName } } } } }`, 'citizen.address.residents'],
      [`{ citizens(personalNumbers: ["${living[2]}"]) { lastName } }`, 'citizens'],
    ] as const) {
      let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
      const statements = await tests.statementsDuring(async () => (result = await tests.query(query, undefined, bearer(token))));
      expect(statements).toEqual(NOTHING_READ);
      expect(result!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(result!.errors?.[0]?.extensions?.fields).toContainEqual({ path });
    }
  });

  it.each([
    ['expired', { expiresIn: '10 minutes ago' }],
    ['for another audience', { audience: 'some-other-service' }],
    ['from another issuer', { issuer: 'not-the-portal' }],
  ])('is refused with UNAUTHENTICATED when %s', async (_, claims) => {
    const result = await tests.query(CITIZEN, { p: living[2] }, bearer(await portalToken(living[2]!, claims)));
    expect(result).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('is refused when its subject is not a personal number, or its signature is not the portal\'s', async () => {
    expect((await tests.query(CITIZEN, { p: living[2] }, bearer(await portalToken('admin')))).status).toBe(401);
    const token = await portalToken(living[2]!);
    const [header, payload] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: living[3] })).toString('base64url')}.${token.split('.')[2]}`;
    expect((await tests.query(CITIZEN, { p: living[3] }, bearer(forged))).status).toBe(401);
  });
});

describe('a token issuer whose keys are published at a URL', () => {
  it('is trusted with the keys fetched from there, and only with them', async () => {
    let fetched = 0;
    const publisher = http.createServer((request, response) => {
      fetched += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(request.url === '/.well-known/jwks.json' ? PORTAL_JWKS : { keys: [] }));
    });
    await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-jwks-url-'));
    const consumersFile = path.join(dir, 'consumers.json');
    const entry = (id: string, issuer: string, file: string) => ({
      id,
      institution: 'Gateway tests',
      system: `Portal with keys at ${file}`,
      credentials: [{ type: 'jwt', issuer, audience: TEST_PORTAL.audience, jwks: { url: `http://127.0.0.1:${(publisher.address() as AddressInfo).port}${file}` } }],
      scopes: ['identity'],
      purposes: ['own-data'],
      rateLimit: { requests: 1000, perSeconds: 1 },
      ownRecordOnly: true,
    });
    writeFileSync(consumersFile, JSON.stringify({ consumers: [entry('remote-portal', 'remote-portal', '/.well-known/jwks.json'), entry('keyless', 'keyless', '/empty.json')] }));
    const remote = await startTestGateway(registries.targets, { today: TODAY, config: { consumersFile } });
    try {
      const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'x-purpose': 'own-data' });
      const own = await remote.query(CITIZEN, { p: living[4] }, bearer(await portalToken(living[4]!, { issuer: 'remote-portal' })));
      expect(own.data?.citizen?.lastName).toBeTruthy();
      expect(fetched).toBeGreaterThanOrEqual(1);
      // The same key, but the issuer's published set does not hold it.
      const keyless = await remote.query(CITIZEN, { p: living[4] }, bearer(await portalToken(living[4]!, { issuer: 'keyless' })));
      expect(keyless).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    } finally {
      await remote.stop();
      publisher.close();
    }
  });
});
