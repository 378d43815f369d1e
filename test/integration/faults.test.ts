import { afterEach, beforeAll, beforeEach, afterAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/index.js';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

// Short bounds, so that the tests see a timeout and a circuit's probe within seconds.
const RESILIENCE = { statementTimeoutMs: 500, breakerErrorPercent: 50, breakerResetMs: 1000 };
const CITIZEN = `query Citizen($p: PersonalNumber!) {
  municipality(code: 1) { nameSq }
  citizen(personalNumber: $p) { firstName lastName vehicles { plate } drivingLicence { number } }
}`;

let registries: TestRegistries;
const proxies = {} as Record<'civil' | 'address' | 'vehicle', FaultProxy>;
let owner: string;
let gw: TestGateway;

beforeAll(async () => {
  registries = await provisionRegistries('postgres+mariadb', 300);
  for (const registry of ['civil', 'address', 'vehicle'] as const) {
    const url = new URL(registries.targets[registry]);
    proxies[registry] = await startFaultProxy({ host: url.hostname, port: Number(url.port) });
  }
  // A citizen who owns a vehicle: both registries have something to say of them.
  const probe = await startTestGateway(registries.targets);
  const people = await probe.sources.civil.searchPersons({}, null, 300);
  const vehicles = await probe.sources.vehicle.vehiclesOfOwners(people.map((person) => person.personalNumber));
  owner = vehicles[0]!.ownerPersonalNumber!;
  await probe.stop();
});

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy?.close()));
  await registries?.drop();
});

beforeEach(async () => {
  gw = await startTestGateway(
    { civil: proxies.civil.via(registries.targets.civil), address: proxies.address.via(registries.targets.address), vehicle: proxies.vehicle.via(registries.targets.vehicle) },
    { config: { registryResilience: RESILIENCE } },
  );
});

afterEach(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy.heal()));
  await gw.stop();
});

async function timed(): Promise<{ result: GraphQLResult; ms: number }> {
  const started = performance.now();
  const result = await gw.query(CITIZEN, { p: owner });
  return { result, ms: performance.now() - started };
}

function expectVehicleFieldsUnavailable(result: GraphQLResult): void {
  expect(result.status).toBe(200);
  expect(result.data?.municipality).toEqual({ nameSq: 'Prishtinë' });
  expect(result.data?.citizen?.firstName).toEqual(expect.any(String));
  expect(result.data?.citizen?.vehicles).toBeNull();
  expect(result.data?.citizen?.drivingLicence).toBeNull();
  const unavailable = result.errors?.filter((error) => error.extensions?.code === 'SOURCE_UNAVAILABLE') ?? [];
  expect(unavailable.map((error) => error.path?.join('.')).sort()).toEqual(['citizen.drivingLicence', 'citizen.vehicles']);
  for (const error of unavailable) expect(error.extensions?.registry).toBe('vehicle registry');
}

describe('a registry that fails', () => {
  it('is answered whole while every registry is healthy, the baseline of what follows', async () => {
    const { result } = await timed();
    expect(result.errors).toBeUndefined();
    expect(result.data?.citizen?.vehicles?.length).toBeGreaterThan(0);
  });

  it('costs the fields it owns at most the statement timeout when it is slow', async () => {
    proxies.vehicle.delay(5 * RESILIENCE.statementTimeoutMs);
    const { result, ms } = await timed();
    expectVehicleFieldsUnavailable(result);
    expect(ms).toBeLessThan(RESILIENCE.statementTimeoutMs + 1000);
  });

  it('is not asked while its circuit is open: the answer comes at once, and the gateway recovers when it heals', async () => {
    await proxies.vehicle.refuse();
    // Five failed statements open the circuit; each request sends two.
    for (let i = 0; i < 3; i += 1) expectVehicleFieldsUnavailable((await timed()).result);
    let open: { result: GraphQLResult; ms: number } | undefined;
    const statements = await gw.statementsDuring(async () => (open = await timed()));
    expectVehicleFieldsUnavailable(open!.result);
    expect(statements.vehicle).toEqual({});
    expect(open!.ms).toBeLessThan(200);
    expect(gw.sources.vehicle.circuit).toBe('open');
    expect(gw.logLines.filter((line) => line.includes('registry failing'))).toHaveLength(1);

    await proxies.vehicle.heal();
    // After the reset time one statement probes the registry; its success closes the circuit.
    await expect.poll(async () => (await timed()).result.data?.citizen?.vehicles?.length ?? 0, { timeout: 10_000, interval: 250 }).toBeGreaterThan(0);
    expect(gw.sources.vehicle.circuit).toBe('closed');
    expect((await timed()).result.errors).toBeUndefined();
  });

  it('answers the rest when the registry at the root refuses connections', async () => {
    await proxies.civil.refuse();
    const { result } = await timed();
    expect(result.data?.municipality).toEqual({ nameSq: 'Prishtinë' });
    expect(result.data?.citizen).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ path: ['citizen'], extensions: { code: 'SOURCE_UNAVAILABLE', registry: 'civil registry' } })]);
  });

  it('recovers by itself when its connections are cut', async () => {
    expect((await timed()).result.errors).toBeUndefined();
    proxies.civil.cut();
    proxies.vehicle.cut();
    await expect.poll(async () => (await timed()).result.errors, { timeout: 10_000, interval: 250 }).toBeUndefined();
    const { result } = await timed();
    expect(result.data?.citizen?.vehicles?.length).toBeGreaterThan(0);
  });
});

describe('a registry that fails, behind the cache', () => {
  it('is answered from entries up to the grace period past their time, marked stale with their age', async () => {
    const ttl = { person: 1, address: 1, municipality: 1, vehicle: 1, notFound: 1 };
    const cached = await startTestGateway(
      { civil: proxies.civil.via(registries.targets.civil), address: proxies.address.via(registries.targets.address), vehicle: proxies.vehicle.via(registries.targets.vehicle) },
      { cache: createMemoryCache(10_000), config: { registryResilience: RESILIENCE, cacheTtlSeconds: ttl, cacheStaleGraceSeconds: 60, cacheLocalTtlMs: 0 } },
    );
    try {
      const fresh = await cached.query(CITIZEN, { p: owner });
      expect(fresh.errors).toBeUndefined();
      // Someone the gateway has not read, so nothing of theirs is cached.
      const [stranger] = await cached.sources.civil.searchPersons({}, owner, 1);
      expect(fresh).not.toHaveProperty('extensions');
      // Past its time-to-live, within the grace period.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await Promise.all([proxies.civil.refuse(), proxies.vehicle.refuse()]);
      const stale = (await cached.query(CITIZEN, { p: owner })) as GraphQLResult & { extensions?: { stale?: { ageSeconds: number } } };
      expect(stale.errors).toBeUndefined();
      expect(stale.data).toEqual(fresh.data);
      expect(stale.extensions?.stale?.ageSeconds).toBeGreaterThanOrEqual(2);
      // Someone the gateway never read has nothing to fall back on.
      const unknown = await cached.query(CITIZEN, { p: stranger!.personalNumber });
      expect(unknown.errors?.[0]?.extensions).toEqual({ code: 'SOURCE_UNAVAILABLE', registry: 'civil registry' });

      await Promise.all([proxies.civil.heal(), proxies.vehicle.heal()]);
      const again = await cached.query(CITIZEN, { p: owner });
      expect(again.errors).toBeUndefined();
      expect(again).not.toHaveProperty('extensions');
    } finally {
      await cached.stop();
    }
  });
});

