import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/index.js';
import type { Citizen } from '../../src/domain.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

const ADMIN_KEY = 'operators-only-3f9c1e';

let registries: TestRegistries;
let gw: TestGateway;
let closed: TestGateway;
let person: Citizen;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  gw = await startTestGateway(registries.targets, {
    cache: createMemoryCache(10_000),
    config: { adminKeySha256: createHash('sha256').update(ADMIN_KEY).digest('hex') },
  });
  closed = await startTestGateway(registries.targets);
  person = (await gw.sources.civil.searchPersons({ birthMunicipalityCode: 1 }, null, 1))[0]!;
});

afterAll(async () => {
  await Promise.all([gw?.stop(), closed?.stop()]);
  await registries?.drop();
});

function admin(target: TestGateway, path: string, init: { method?: string; key?: string | null; body?: unknown } = {}) {
  const key = init.key === undefined ? ADMIN_KEY : init.key;
  return fetch(new URL(path, target.gateway.url()), {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
}

const invalidateCitizen = (target: TestGateway, key?: string | null) =>
  admin(target, '/admin/cache/invalidate', { key, body: { entities: [{ type: 'Citizen', key: person.personalNumber }] } });

describe('the cache invalidation endpoint', () => {
  it('makes the next read of an invalidated citizen go to the registry, and later reads come from the cache again', async () => {
    const query = `{ citizen(personalNumber: "${person.personalNumber}") { lastName documents { number } } }`;
    await gw.query(query);
    const response = await invalidateCitizen(gw);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ invalidated: { entities: 1, cacheKeys: expect.any(Number) } });

    expect(await gw.statementsDuring(() => gw.query(query))).toMatchObject({ civil: { personsByNumbers: 1, documentsOfHolders: 1 } });
    expect(await gw.statementsDuring(() => gw.query(query))).toEqual({ civil: {}, address: {}, vehicle: {} });
  });

  it('refuses a caller without the admin key, or with a wrong one, with UNAUTHENTICATED and changes nothing', async () => {
    for (const key of [null, 'guessed-key']) {
      const response = await invalidateCitizen(gw, key);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const query = `{ citizen(personalNumber: "${person.personalNumber}") { lastName } }`;
    await gw.query(query);
    await invalidateCitizen(gw, 'guessed-key');
    expect(await gw.statementsDuring(() => gw.query(query))).toEqual({ civil: {}, address: {}, vehicle: {} });
  });

  it('is closed, with FORBIDDEN, on a gateway that has no admin key configured', async () => {
    const response = await invalidateCitizen(closed, ADMIN_KEY);
    expect(response.status).toBe(403);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a malformed invalidation with BAD_USER_INPUT naming the entity, without repeating the key', async () => {
    const cases = [
      { entities: [{ type: 'Citizen', key: '12345' }] },
      { entities: [{ type: 'Citizen', key: person.personalNumber }, { type: 'Vehicle', key: 'ZZ-999-!!' }] },
      { entities: [{ type: 'Passport', key: 'P1234567' }] },
      { entities: [] },
      { citizens: [person.personalNumber] },
    ];
    for (const body of cases) {
      const response = await admin(gw, '/admin/cache/invalidate', { body });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(text).not.toMatch(/12345"|ZZ-999|P1234567/);
    }
    const second = await admin(gw, '/admin/cache/invalidate', { body: cases[1] });
    expect(((await second.json()) as any).errors[0].message).toContain('entities[1]');
    expect((await admin(gw, '/admin/cache/invalidate', { body: '{"entities": [' })).status).toBe(400);
    expect((await admin(gw, '/admin/cache/invalidate', { method: 'GET' })).status).toBe(405);
  });

  it('logs what was invalidated by type and count, never the keys', async () => {
    gw.logLines.length = 0;
    await invalidateCitizen(gw);
    const line = gw.logLines.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'cache invalidated');
    expect(line).toMatchObject({ entities: 1, types: ['Citizen'] });
    expect(gw.logLines.join('\n')).not.toContain(person.personalNumber);
  });
});

describe('the counters endpoint', () => {
  const counters = async () => (await (await admin(gw, '/admin/counters', { method: 'GET' })).json()) as any;

  it('shows cache hits and misses per kind and statements per registry', async () => {
    const before = await counters();
    await gw.query(`{ municipality(code: 7) { nameSq } }`);
    const read = await counters();
    await gw.query(`{ municipality(code: 7) { nameSq } }`);
    const again = await counters();
    expect(read.cache.kind).toBe('in-process');
    expect(read.cache.misses.municipalityByCode - (before.cache.misses.municipalityByCode ?? 0)).toBe(1);
    expect(read.statements.address.total - before.statements.address.total).toBe(1);
    expect(read.statements.address.byQuery.municipalitiesByCodes).toBeGreaterThanOrEqual(1);
    expect(again.cache.hits.municipalityByCode - (read.cache.hits.municipalityByCode ?? 0)).toBe(1);
    expect(again.statements.address.total).toBe(read.statements.address.total);
    expect(Object.keys(again.statements)).toEqual(['civil', 'address', 'vehicle', 'business']);
  });

  it("shows the audit trail's commits, the records they held and the time they took", async () => {
    const before = (await counters()).auditWrites;
    await gw.query(`{ citizen(personalNumber: "${person.personalNumber}") { lastName } }`);
    const after = (await counters()).auditWrites;
    expect(after.writes - before.writes).toBe(1);
    expect(after.records - before.records).toBe(1);
    expect(after.milliseconds).toBeGreaterThan(before.milliseconds);
    // An answer about no one is not recorded, so nothing is written.
    await gw.query(`{ municipality(code: 7) { nameSq } }`);
    expect((await counters()).auditWrites).toEqual(after);
  });

  it('is behind the admin key too', async () => {
    expect((await admin(gw, '/admin/counters', { method: 'GET', key: null })).status).toBe(401);
  });
});
