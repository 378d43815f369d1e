import { afterEach, beforeAll, beforeEach, afterAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/index.js';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

// A statement timeout no healthy statement comes near on a busy machine, and a circuit probed again
// within a second.
const RESILIENCE = { statementTimeoutMs: 5000, breakerErrorPercent: 50, breakerResetMs: 1000 };
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

/** The registries, each behind its proxy. */
function proxied(): TestRegistries['targets'] {
  return { civil: proxies.civil.via(registries.targets.civil), address: proxies.address.via(registries.targets.address), vehicle: proxies.vehicle.via(registries.targets.vehicle) };
}

beforeEach(async () => {
  gw = await startTestGateway(proxied(), { config: { registryResilience: RESILIENCE } });
});

afterEach(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy.heal()));
  await gw.stop();
});

function ask(gateway = gw): Promise<GraphQLResult> {
  return gateway.query(CITIZEN, { p: owner });
}

/** Asks until the vehicle registry's circuit opens, every answer without the vehicle registry's fields. */
async function untilVehicleCircuitOpens(gateway: TestGateway): Promise<void> {
  await until("the vehicle registry's circuit to open", async () => {
    expectVehicleFieldsUnavailable(await ask(gateway));
    return gateway.sources.vehicle.circuit === 'open';
  });
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
    const result = await ask();
    expect(result.errors).toBeUndefined();
    expect(result.data?.citizen?.vehicles?.length).toBeGreaterThan(0);
  });

  it('costs only the fields it owns when it is slow: the answer does not wait for it', async () => {
    // Connections open first, so that what is slow is the statement.
    expect((await ask()).errors).toBeUndefined();
    // Its answers are held until the test ends: an answer that waited for them would never come.
    proxies.vehicle.hold();
    expectVehicleFieldsUnavailable(await ask());
  });

  it('is not asked while its circuit is open, and its fields are answered unavailable without it', async () => {
    // A circuit that stays open for the whole test, however slow the machine.
    const patient = await startTestGateway(proxied(), { config: { registryResilience: { ...RESILIENCE, breakerResetMs: 600_000 } } });
    try {
      await proxies.vehicle.refuse();
      await untilVehicleCircuitOpens(patient);
      let open: GraphQLResult | undefined;
      const statements = await patient.statementsDuring(async () => (open = await ask(patient)));
      expectVehicleFieldsUnavailable(open!);
      expect(statements.vehicle).toEqual({});
      expect(patient.sources.vehicle.circuit).toBe('open');
      expect(patient.logLines.filter((line) => line.includes('registry failing'))).toHaveLength(1);
    } finally {
      await patient.stop();
    }
  });

  it('is asked again once it heals, and its fields come back', async () => {
    await proxies.vehicle.refuse();
    await untilVehicleCircuitOpens(gw);
    await proxies.vehicle.heal();
    // After the reset time one statement probes the registry; its success closes the circuit.
    await until("the vehicle registry's fields to come back", async () => ((await ask()).data?.citizen?.vehicles?.length ?? 0) > 0);
    expect(gw.sources.vehicle.circuit).toBe('closed');
    expect((await ask()).errors).toBeUndefined();
  });

  it('answers the rest when the registry at the root refuses connections', async () => {
    await proxies.civil.refuse();
    const result = await ask();
    expect(result.data?.municipality).toEqual({ nameSq: 'Prishtinë' });
    expect(result.data?.citizen).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ path: ['citizen'], extensions: { code: 'SOURCE_UNAVAILABLE', registry: 'civil registry' } })]);
  });

  it('recovers by itself when its connections are cut', async () => {
    expect((await ask()).errors).toBeUndefined();
    proxies.civil.cut();
    proxies.vehicle.cut();
    await until('an answer without errors', async () => (await ask()).errors === undefined);
    const result = await ask();
    expect(result.data?.citizen?.vehicles?.length).toBeGreaterThan(0);
  });
});

describe('a registry that fails, behind the cache', () => {
  it('is answered from entries up to the grace period past their time, marked stale with their age', async () => {
    const ttl = { person: 1, address: 1, municipality: 1, vehicle: 1, company: 1, notFound: 1 };
    // A grace period far longer than the test, however slow the machine.
    const cached = await startTestGateway(proxied(), {
      cache: createMemoryCache(10_000),
      config: { registryResilience: RESILIENCE, cacheTtlSeconds: ttl, cacheStaleGraceSeconds: 3600, cacheLocalTtlMs: 0 },
    });
    try {
      const fresh = await ask(cached);
      expect(fresh.errors).toBeUndefined();
      // Someone the gateway has not read, so nothing of theirs is cached.
      const [stranger] = await cached.sources.civil.searchPersons({}, owner, 1);
      expect(fresh).not.toHaveProperty('extensions');
      // Past its time-to-live, within the grace period.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await Promise.all([proxies.civil.refuse(), proxies.vehicle.refuse()]);
      const stale = (await ask(cached)) as GraphQLResult & { extensions?: { stale?: { ageSeconds: number } } };
      expect(stale.errors).toBeUndefined();
      expect(stale.data).toEqual(fresh.data);
      expect(stale.extensions?.stale?.ageSeconds).toBeGreaterThanOrEqual(2);
      // Someone the gateway never read has nothing to fall back on.
      const unknown = await cached.query(CITIZEN, { p: stranger!.personalNumber });
      expect(unknown.errors?.[0]?.extensions).toEqual({ code: 'SOURCE_UNAVAILABLE', registry: 'civil registry' });

      await Promise.all([proxies.civil.heal(), proxies.vehicle.heal()]);
      const again = await ask(cached);
      expect(again.errors).toBeUndefined();
      expect(again).not.toHaveProperty('extensions');
    } finally {
      await cached.stop();
    }
  });
});

