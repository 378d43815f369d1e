import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/index.js';
import { startBusinessRegistryService, type BusinessRegistryService } from '../../src/seed/businessRegistry/service.js';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

// As for the databases: a timeout no healthy call comes near, a circuit probed again within a second.
const RESILIENCE = { statementTimeoutMs: 5000, breakerErrorPercent: 50, breakerResetMs: 1000 };
const VEHICLE = `query Fleet($p: String!) { vehicle(plate: $p) { plate ownerCompany { name status } } }`;

let registries: TestRegistries;
let service: BusinessRegistryService;
let proxy: FaultProxy;
let plate: string;
let gw: TestGateway;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 600);
  service = await startBusinessRegistryService(registries.targets.business!);
  const { hostname, port } = new URL(service.wsdlUrl);
  proxy = await startFaultProxy({ host: hostname, port: Number(port) });
  // A company's vehicle: the vehicle registry has its plate, the business registry its company.
  const probe = await startTestGateway(registries.targets);
  const [someCompany] = await probe.sources.business.companiesByNumbers([await firstFleetCompany(probe)]);
  plate = (await probe.sources.vehicle.vehiclesOfCompanies([someCompany!.businessNumber]))[0]!.plate;
  await probe.stop();
});

afterAll(async () => {
  await proxy?.close();
  await service?.close();
  await registries?.drop();
});

beforeEach(async () => {
  gw = await startTestGateway(registries.targets, { config: { registryResilience: RESILIENCE, businessRegistryUrl: proxy.via(service.wsdlUrl) } });
});

afterEach(async () => {
  await proxy.heal();
  await gw.stop();
});

function ask(gateway = gw): Promise<GraphQLResult> {
  return gateway.query(VEHICLE, { p: plate });
}

// The answer without the company, the vehicle registry's part whole, and no word of the service.
function expectCompanyUnavailable(result: GraphQLResult): void {
  expect(result.data?.vehicle).toEqual({ plate, ownerCompany: null });
  expect(result.errors).toEqual([expect.objectContaining({ path: ['vehicle', 'ownerCompany'], extensions: { code: 'SOURCE_UNAVAILABLE', registry: 'business registry' } })]);
  expect(JSON.stringify(result.errors)).not.toMatch(/soap|wsdl|xml|127\.0\.0\.1|Fault|ECONN/i);
}

describe('the business registry\'s web service when it fails', () => {
  it('answers the company while the service is healthy, through the proxy: the baseline', async () => {
    const result = await ask();
    expect(result.errors).toBeUndefined();
    expect(result.data?.vehicle?.ownerCompany?.status).toBe('REGISTERED');
  });

  it('costs only the company when the service is slow: the answer does not wait for it', async () => {
    // The client is built from the WSDL first, so that what is slow is the call; its answers are then
    // held until the test ends: an answer that waited for them would never come.
    expect((await ask()).errors).toBeUndefined();
    proxy.hold();
    expectCompanyUnavailable(await ask());
  });

  it('opens its circuit when the service refuses connections, and closes it once the service is back', async () => {
    await proxy.refuse();
    await until("the business registry's circuit to open", async () => {
      expectCompanyUnavailable(await ask());
      return gw.sources.business.circuit === 'open';
    });
    await proxy.heal();
    await until('the company to come back', async () => (await ask()).errors === undefined);
    expect(gw.sources.business.circuit).toBe('closed');
  });

  it('recovers by itself when its connections are cut', async () => {
    expect((await ask()).errors).toBeUndefined();
    proxy.cut();
    await until('an answer without errors', async () => (await ask()).errors === undefined);
  });

  it('answers a company kept in the cache, marked stale, while the service cannot be reached', async () => {
    const cached = await startTestGateway(registries.targets, {
      cache: createMemoryCache(1000),
      config: {
        registryResilience: RESILIENCE, businessRegistryUrl: proxy.via(service.wsdlUrl), cacheLocalTtlMs: 0, cacheStaleGraceSeconds: 3600,
        cacheTtlSeconds: { person: 1, address: 1, municipality: 1, vehicle: 1, company: 1, notFound: 1 },
      },
    });
    try {
      const fresh = await ask(cached);
      expect(fresh.errors).toBeUndefined();
      await proxy.refuse();
      // Past its time-to-live (a second), within the grace period; the cache is what is left.
      let stale: (GraphQLResult & { extensions?: { stale?: unknown } }) | undefined;
      await until('the cached company to be answered past its time', async () => {
        stale = await ask(cached);
        return stale.extensions?.stale !== undefined;
      });
      expect(stale!.errors).toBeUndefined();
      expect(stale!.data?.vehicle?.ownerCompany).toEqual(fresh.data?.vehicle?.ownerCompany);
    } finally {
      await cached.stop();
    }
  });

  it.each([
    ['malformed XML', 'text/xml', '<soap:Envelope><soap:Body><MerrSubjektetResponse>'],
    ['a SOAP fault', 'text/xml', '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>ORA-00942: table or view does not exist at 10.0.0.7</faultstring></soap:Fault></soap:Body></soap:Envelope>'],
    ['an HTML error page', 'text/html', '<html><body>502 Bad Gateway nginx/1.18</body></html>'],
  ])('answers SOURCE_UNAVAILABLE for %s, and never shows what the service said', async (_, type, body) => {
    // The WSDL from the real service, every call answered by a broken one.
    const broken = http.createServer((request, response) => {
      if (request.url?.endsWith('?wsdl')) {
        void fetch(service.wsdlUrl).then(async (wsdl) => response.writeHead(200, { 'content-type': 'text/xml' }).end(await wsdl.text()));
        return;
      }
      request.resume();
      response.writeHead(500, { 'content-type': type }).end(body);
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const { port } = broken.address() as AddressInfo;
    const faulty = await startTestGateway(registries.targets, { config: { registryResilience: RESILIENCE, businessRegistryUrl: `http://127.0.0.1:${port}/ws/subjektet?wsdl` } });
    try {
      const result = await ask(faulty);
      expectCompanyUnavailable(result);
      expect(faulty.logLines.join('\n')).not.toMatch(/ORA-00942|10\.0\.0\.7|nginx/);
    } finally {
      await faulty.stop();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });
});

// The first company that owns a vehicle.
async function firstFleetCompany(gateway: TestGateway): Promise<string> {
  const people = await gateway.sources.civil.searchPersons({}, null, 600);
  for (const person of people) {
    for (const company of await gateway.sources.business.companiesOwnedBy(person.personalNumber)) {
      if ((await gateway.sources.vehicle.vehiclesOfCompanies([company.businessNumber])).length > 0) return company.businessNumber;
    }
  }
  throw new Error('no seeded company owns a vehicle');
}
