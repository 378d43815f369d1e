import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/server.js';
import { apiKeyConsumer, authHeaders, TESTER_KEY } from '../support/consumers.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

// The payroll system registers its one operation and may send nothing else; the tester registers
// the same operation (as the map of hashes GraphQL Code Generator writes) and may still send text.
const PAYROLL_KEY = `payroll-${randomBytes(8).toString('hex')}`;
const CHECK = 'query Check($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName lastName status } }';
const CHECK_ID = createHash('sha256').update(CHECK).digest('hex');
const OTHER = '{ municipality(code: 1) { nameSq } }';

let registries: TestRegistries;
let gw: TestGateway;
let someone: string;
let dir: string;

const consumer = (id: string, key: string, extra: object) =>
  apiKeyConsumer(id, key, { scopes: ['identity', 'address'], rateLimit: { requests: 10_000, perSeconds: 86_400 }, ...extra });

function consumersFile(name: string, payrollDocuments: object): string {
  writeFileSync(path.join(dir, `${name}-payroll.json`), JSON.stringify(payrollDocuments));
  writeFileSync(path.join(dir, `${name}-tester.json`), JSON.stringify({ [`sha256:${CHECK_ID}`]: CHECK }));
  const file = path.join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      consumers: [
        consumer('payroll', PAYROLL_KEY, { trustedDocuments: `${name}-payroll.json`, trustedDocumentsOnly: true }),
        consumer('tester', TESTER_KEY, { trustedDocuments: `${name}-tester.json` }),
      ],
    }),
  );
  return file;
}

const manifest = (operations: Array<{ id: string; body: string }>) => ({
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: operations.map((operation) => ({ ...operation, name: 'Check', type: 'query' })),
});

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 50);
  dir = mkdtempSync(path.join(tmpdir(), 'gw-trusted-'));
  gw = await startTestGateway(registries.targets, { config: { consumersFile: consumersFile('consumers', manifest([{ id: CHECK_ID, body: CHECK }])) } });
  someone = (await gw.sources.civil.searchPersons({}, null, 1))[0]!.personalNumber;
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

async function post(key: string, body: object): Promise<{ status: number; body: any }> {
  const response = await fetch(gw.gateway.url(), { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(key) }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function get(key: string, params: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gw.gateway.url()}?${new URLSearchParams(params)}`, { headers: authHeaders(key) });
  return { status: response.status, body: await response.json() };
}

describe('trusted documents', () => {
  it('answer a registered operation named by its documentId, by POST and GET, as its text would be', async () => {
    const byText = await post(TESTER_KEY, { query: CHECK, variables: { p: someone } });
    expect(byText.body.data.citizen.firstName).toEqual(expect.any(String));
    for (const documentId of [`sha256:${CHECK_ID}`, CHECK_ID]) {
      expect(await post(PAYROLL_KEY, { documentId, variables: { p: someone } })).toEqual({ status: 200, body: byText.body });
    }
    expect(await get(PAYROLL_KEY, { documentId: `sha256:${CHECK_ID}`, variables: JSON.stringify({ p: someone }) })).toEqual({ status: 200, body: byText.body });
    // As an Apollo client sends it: the hash in the persistedQuery extension, without the text.
    const apollo = await post(PAYROLL_KEY, { extensions: { persistedQuery: { version: 1, sha256Hash: CHECK_ID } }, variables: { p: someone } });
    expect(apollo).toEqual({ status: 200, body: byText.body });
  });

  it("refuse an operation's text from a consumer that may send its registered operations only, and run nothing", async () => {
    for (const query of [CHECK, OTHER]) {
      const statements = await gw.statementsDuring(async () => {
        const refused = await post(PAYROLL_KEY, { query, variables: { p: someone } });
        expect(refused.status).toBe(403);
        expect(refused.body.errors[0].extensions.code).toBe('TRUSTED_DOCUMENTS_ONLY');
        expect(refused.body.data).toBeUndefined();
      });
      expect(statements).toEqual({ civil: {}, address: {}, vehicle: {} });
    }
  });

  it('refuse an id the consumer did not register, or one that is not a SHA-256, naming no document', async () => {
    for (const documentId of [createHash('sha256').update(OTHER).digest('hex'), 'sha256:abc', 'md5:00']) {
      const refused = await post(PAYROLL_KEY, { documentId });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_NOT_FOUND');
    }
    const both = await post(TESTER_KEY, { documentId: CHECK_ID, query: CHECK, variables: { p: someone } });
    expect(both.status).toBe(400);
    expect(both.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('let a consumer not limited to them still send text', async () => {
    const answered = await post(TESTER_KEY, { query: OTHER });
    expect(answered.body).toEqual({ data: { municipality: { nameSq: expect.any(String) } } });
  });

  it('keep a gateway from starting with a manifest whose id is not its document, or a document the graph does not take', async () => {
    const { civil, address, vehicle } = registries.targets;
    const start = (file: string) =>
      createGateway({ config: testConfig({ civilRegistryUrl: civil, addressRegisterUrl: address, vehicleRegistryUrl: vehicle, consumersFile: file }), log: gw.log, cache: null });
    await expect(start(consumersFile('forged', manifest([{ id: CHECK_ID, body: OTHER }])))).rejects.toThrow(
      `names document ${CHECK_ID} by a hash that is not the SHA-256 of its text`,
    );
    const unknownField = '{ citizen(personalNumber: "1") { nickname } }';
    const unknownId = createHash('sha256').update(unknownField).digest('hex');
    await expect(start(consumersFile('invalid', manifest([{ id: unknownId, body: unknownField }])))).rejects.toThrow(
      `consumer payroll, document ${unknownId}: Cannot query field "nickname" on type "Citizen".`,
    );
  });
});
