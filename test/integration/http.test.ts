import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRecords } from '../support/audit.js';
import { authHeaders } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

let registries: TestRegistries;
let gw: TestGateway;
let someone: { personalNumber: string; firstName: string; lastName: string };
const auditDatabaseUrl = `sqlite:${path.join(tmpdir(), `http-${process.pid}-${randomBytes(4).toString('hex')}-audit.sqlite`)}`;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 500);
  gw = await startTestGateway(registries.targets, { production: true, config: { auditDatabaseUrl } });
  const found = await gw.sources.civil.searchPersons({ birthMunicipalityCode: 1 }, null, 1);
  someone = found[0]!;
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

describe('the HTTP endpoint', () => {
  it('answers GET /graphql with the query in the URL', async () => {
    const url = `${gw.gateway.url()}?query=${encodeURIComponent('{ municipality(code: 1) { nameSq region } }')}`;
    const response = await fetch(url, { headers: authHeaders() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { municipality: { nameSq: 'Prishtinë', region: 1 } } });
  });

  it('writes one JSON log line per request with its id, operation and duration, and no personal data', async () => {
    gw.logLines.length = 0;
    const response = await fetch(gw.gateway.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'payroll-batch-42', ...authHeaders() },
      body: JSON.stringify({
        query: 'query PayrollCheck($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName lastName } }',
        variables: { p: someone.personalNumber },
      }),
    });
    expect(response.headers.get('x-request-id')).toBe('payroll-batch-42');
    expect(((await response.json()) as any).data.citizen.lastName).toBe(someone.lastName);
    const lines = gw.logLines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ requestId: 'payroll-batch-42', operationName: 'PayrollCheck', status: 200, method: 'POST' });
    expect(typeof lines[0].durationMs).toBe('number');
    const everything = gw.logLines.join('\n');
    expect(everything).not.toContain(someone.personalNumber);
    expect(everything).not.toContain(someone.lastName);
  });

  it('keeps a personal number a caller puts in its request id, operation name or path out of the log, the metrics and the trail', async () => {
    gw.logLines.length = 0;
    const number = someone.personalNumber;
    const response = await fetch(gw.gateway.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `batch${number}`, ...authHeaders() },
      body: JSON.stringify({ query: `query PayrollX${number} { citizen(personalNumber: "${number}") { firstName } }` }),
    });
    expect(response.status).toBe(200);
    // The caller's id is not kept: the answer names the id the gateway gave the request instead.
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(new URL(`/x/${[...number].map((digit) => `%3${digit}`).join('')}`, gw.gateway.url()))).status).toBe(404);
    await until('both requests to be logged', async () => gw.logLines.filter((line) => line.includes('"msg":"request"')).length >= 2);
    const lines = gw.logLines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
    expect(lines.map(({ operationName, path }) => [operationName, path])).toEqual([['PayrollX[redacted]', '/graphql'], [null, '/x/[redacted]']]);
    expect(gw.logLines.join('\n')).not.toContain(number);
    expect(await (await fetch(new URL('/metrics', gw.gateway.url()))).text()).not.toContain(number);
    const [record] = (await allRecords(auditDatabaseUrl)).filter((candidate) => candidate.requestId === id);
    expect(record).toMatchObject({ operationName: 'PayrollX[redacted]', subjects: [{ personalNumber: number }] });
  });

  it('marks every answer no-store, so no browser or proxy keeps personal data', async () => {
    const answer = await fetch(gw.gateway.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query: `{ citizen(personalNumber: "${someone.personalNumber}") { lastName } }` }),
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const viaGet = await fetch(`${gw.gateway.url()}?query=${encodeURIComponent('{ municipality(code: 1) { nameSq } }')}`, { headers: authHeaders() });
    expect(viaGet.headers.get('cache-control')).toBe('no-store');
  });

  it('gives every request an id of its own when the caller sends none', async () => {
    const ids = await Promise.all(
      [1, 2].map(async () => (await fetch(gw.gateway.url(), { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: '{"query":"{ __typename }"}' })).headers.get('x-request-id')),
    );
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('refuses a body that is not JSON with BAD_REQUEST', async () => {
    const response = await fetch(gw.gateway.url(), { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses operations nested too deep with QUERY_TOO_COMPLEX, before any registry is asked', async () => {
    const nested = 'father { '.repeat(14) + 'firstName' + ' }'.repeat(14);
    let result: Awaited<ReturnType<TestGateway['query']>> | undefined;
    const statements = await gw.statementsDuring(async () => (result = await gw.query(`{ citizen(personalNumber: "${someone.personalNumber}") { ${nested} } }`)));
    expect(result!.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(statements).toEqual({ civil: {}, address: {}, vehicle: {} });
  });

  it('does not echo a rejected personal number back in the error', async () => {
    const result = await gw.query('query($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName } }', { p: '12345678' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'personalNumber' });
    expect(result.errors?.[0]?.message).not.toContain('12345678');
  });
});

describe('failures', () => {
  it('masks an unexpected error in production as INTERNAL_SERVER_ERROR, with no stack trace', async () => {
    const personsByNumbers = gw.sources.civil.personsByNumbers;
    gw.sources.civil.personsByNumbers = async () => {
      throw new TypeError('cannot read personal_no of undefined in select * from person');
    };
    try {
      gw.logLines.length = 0;
      const response = await fetch(gw.gateway.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'masked-error-7', ...authHeaders() },
        body: JSON.stringify({ query: `{ citizen(personalNumber: "${someone.personalNumber}") { firstName } }` }),
      });
      const text = await response.text();
      expect(JSON.parse(text).errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(text).not.toMatch(/select|personal_no|stacktrace|TypeError/i);
      // The operators hear of it, on a line of the request's own.
      await until('the error to be logged', async () => gw.logLines.some((line) => line.includes('unexpected error')));
      expect(gw.logLines.map((line) => JSON.parse(line)).find((line) => line.msg === 'unexpected error')).toMatchObject({ requestId: 'masked-error-7', errorType: 'TypeError' });
    } finally {
      gw.sources.civil.personsByNumbers = personsByNumbers;
    }
  });

  it('answers SOURCE_UNAVAILABLE naming the registry, without SQL, when a registry cannot be reached', async () => {
    // Nothing listens on port 1 of the loopback: the vehicle registry is down.
    const down = await startTestGateway({ ...registries.targets, vehicle: 'mysql://root@127.0.0.1:1/vehicle_registry' }, { production: true });
    try {
      const response = await fetch(down.gateway.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders() },
        body: JSON.stringify({ query: `{ citizen(personalNumber: "${someone.personalNumber}") { firstName vehicles { plate } } }` }),
      });
      const text = await response.text();
      const body = JSON.parse(text);
      expect(body.data.citizen.firstName).toBe(someone.firstName);
      expect(body.errors[0]).toMatchObject({ path: ['citizen', 'vehicles'], extensions: { code: 'SOURCE_UNAVAILABLE', registry: 'vehicle registry' } });
      expect(text).not.toMatch(/select|AUTOMJETET|PRONARI/i);
    } finally {
      await down.stop();
    }
  });
});
