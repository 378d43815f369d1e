import { afterEach, beforeAll, beforeEach, afterAll, describe, expect, it } from 'vitest';
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
