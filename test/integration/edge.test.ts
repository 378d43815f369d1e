import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/refusals.js';
import { apiKeyConsumer, authHeaders, TESTER_KEY } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { chunked, exchange, rawRequest } from '../support/rawHttp.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

const ADMIN_KEY = `admin-${randomBytes(8).toString('hex')}`;
// A consumer allowed one request a day: its second is refused with 429.
const SPARING_KEY = `sparing-${randomBytes(8).toString('hex')}`;

let registries: TestRegistries;
let gw: TestGateway;
let someone: string;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 100);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-edge-'));
  const consumersFile = path.join(dir, 'consumers.json');
  const consumer = (id: string, key: string, requests: number) =>
    apiKeyConsumer(id, key, { scopes: ['identity', 'schema'], rateLimit: { requests, perSeconds: 86_400 } });
  writeFileSync(consumersFile, JSON.stringify({ consumers: [consumer('tester', TESTER_KEY, 10_000_000), consumer('sparing', SPARING_KEY, 1)] }));
  gw = await startTestGateway(registries.targets, {
    production: true,
    config: { consumersFile, adminKeySha256: createHash('sha256').update(ADMIN_KEY).digest('hex') },
  });
  someone = (await gw.sources.civil.searchPersons({}, null, 1))[0]!.personalNumber;
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

const TYPENAME = JSON.stringify({ query: '{ __typename }' });
const json = { 'content-type': 'application/json', ...authHeaders() };
const followers = () => [rawRequest('POST', '/graphql', json, TYPENAME), rawRequest('POST', '/graphql', json, TYPENAME)];

describe('a refusal before the operation runs', () => {
  const oversized = Buffer.from(JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(2 * MAX_BODY_BYTES) } }));
  const refusals: Array<[string, number, string, () => Buffer]> = [
    ['a body that is not JSON', 400, 'BAD_REQUEST', () => rawRequest('POST', '/graphql', json, '{"query": ')],
    ['no credential', 401, 'UNAUTHENTICATED', () => rawRequest('POST', '/graphql', { 'content-type': 'application/json' }, TYPENAME)],
    ['no purpose for personal data', 403, 'FORBIDDEN', () => rawRequest('POST', '/graphql', { 'content-type': 'application/json', ...authHeaders(undefined, null) }, JSON.stringify({ query: `{ citizen(personalNumber: "${someone}") { firstName } }` }))],
    ['a body over the limit, its length declared', 413, 'REQUEST_TOO_LARGE', () => rawRequest('POST', '/graphql', json, oversized)],
    ['a body over the limit, sent in chunks', 413, 'REQUEST_TOO_LARGE', () => rawRequest('POST', '/graphql', { ...json, 'transfer-encoding': 'chunked' }, chunked(oversized, 64 * 1024))],
    ['a body that is plain text', 415, 'UNSUPPORTED_MEDIA_TYPE', () => rawRequest('POST', '/graphql', { ...authHeaders(), 'content-type': 'text/plain' }, TYPENAME)],
  ];

  it.each(refusals)('(%s) leaves the keep-alive connection serving the requests behind it', async (_, status, code, refused) => {
    const { responses } = await exchange(gw.gateway.url(), [refused(), ...followers()], 3);
    expect(responses.map((response) => response.status)).toEqual([status, 200, 200]);
    expect(JSON.parse(responses[0]!.body).errors[0].extensions.code).toBe(code);
    expect(responses.slice(1).map((response) => JSON.parse(response.body))).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
  });

  it('(a consumer over its rate limit) leaves the connection serving the requests behind it', async () => {
    const sparing = { 'content-type': 'application/json', ...authHeaders(SPARING_KEY) };
    const { responses } = await exchange(gw.gateway.url(), [rawRequest('POST', '/graphql', sparing, TYPENAME), rawRequest('POST', '/graphql', sparing, TYPENAME), ...followers()], 4);
    expect(responses.map((response) => response.status)).toEqual([200, 429, 200, 200]);
    expect(responses[1]!.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(responses[1]!.body).errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('is the same code on every route: a body over the limit is REQUEST_TOO_LARGE on /admin too', async () => {
    const response = await fetch(new URL('/admin/cache/invalidate', gw.gateway.url()), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: oversized,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).errors[0].extensions).toMatchObject({ code: 'REQUEST_TOO_LARGE', max: MAX_BODY_BYTES });
  });
});

describe('what the gateway does not serve', () => {
  const post = (body: unknown, accept = 'application/graphql-response+json') =>
    fetch(gw.gateway.url(), { method: 'POST', headers: { ...json, accept }, body: JSON.stringify(body) });

  it.each([
    ['a mutation', { query: 'mutation { __typename }' }],
    ['a subscription', { query: 'subscription { __typename }' }],
    ['a mutation chosen by operationName', { query: 'query Read { __typename } mutation Write { __typename }', operationName: 'Write' }],
  ])('%s is 400 OPERATION_TYPE_NOT_SERVED, under either media type', async (_, body) => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const response = await post(body, accept);
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('OPERATION_TYPE_NOT_SERVED');
    }
  });

  it('a mutation sent with GET is 400 OPERATION_TYPE_NOT_SERVED too', async () => {
    const response = await fetch(`${gw.gateway.url()}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: authHeaders() });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('OPERATION_TYPE_NOT_SERVED');
  });

  it.each([
    ['a wrong hash', { version: 1, sha256Hash: 'ab'.repeat(32) }],
    ['version 2', { version: 2, sha256Hash: 'ab'.repeat(32) }],
    ['a string', 'persisted'],
  ])('a persistedQuery extension with %s is 400 PERSISTED_QUERY_NOT_SUPPORTED', async (_, persistedQuery) => {
    const response = await post({ query: '{ __typename }', extensions: { persistedQuery } });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it.each([
    ['PUT', '/graphql', 'GET, POST'],
    ['DELETE', '/graphql', 'GET, POST'],
    ['OPTIONS', '/graphql', 'GET, POST'],
    ['HEAD', '/graphql', 'GET, POST'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['GET', '/admin/cache/invalidate', 'POST'],
  ])('%s %s is 405 with Allow: %s', async (method, target, allow) => {
    const response = await fetch(new URL(target, gw.gateway.url()), { method, headers: authHeaders() });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    if (method !== 'HEAD') expect(((await response.json()) as any).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('CONNECT is answered 405, on a connection closed after it', async () => {
    const { responses, closedByServer } = await exchange(gw.gateway.url(), [rawRequest('CONNECT', 'registry.example:443', { host: 'registry.example:443' })], 2);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.status).toBe(405);
    expect(responses[0]!.headers.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(responses[0]!.body).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    expect(closedByServer).toBe(true);
  });

  it('bytes that are not HTTP get a coded 400', async () => {
    const { responses } = await exchange(gw.gateway.url(), [Buffer.from('HELLO gateway\r\n\r\n')], 1);
    expect(responses[0]!.status).toBe(400);
    expect(JSON.parse(responses[0]!.body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('logs no stack trace for any of these mistakes', () => {
    expect(gw.logLines.filter((line) => line.includes('"stack"'))).toEqual([]);
  });
});

describe('a gateway over its bound of memory', () => {
  let loaded: TestGateway;

  beforeAll(async () => {
    // A heap bound no process meets: overloaded from the first sample.
    loaded = await startTestGateway(registries.targets, { config: { overload: { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 1, retryAfterSeconds: 7 } } });
  });

  afterAll(() => loaded?.stop());

  it('sheds GraphQL requests with 503 OVERLOADED and Retry-After, says so in /readyz, and still answers its probes', async () => {
    const readyz = new URL('/readyz', loaded.gateway.url());
    await until('the gateway to report itself overloaded', async () => (await fetch(readyz)).status === 503);
    expect(await (await fetch(readyz)).json()).toMatchObject({ status: 'not ready', load: 'overloaded' });

    const response = await fetch(loaded.gateway.url(), { method: 'POST', headers: json, body: TYPENAME });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(((await response.json()) as any).errors[0].extensions).toEqual({ code: 'OVERLOADED', retryAfterSeconds: 7 });
    expect((await fetch(new URL('/healthz', loaded.gateway.url()))).status).toBe(200);
    expect((await fetch(new URL('/metrics', loaded.gateway.url()))).status).toBe(200);
  });
});
