import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointKeys, type Checkpoint } from '../../src/audit/checkpoints.js';
import { createCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { dropDatabase } from '../../src/seed/index.js';
import { postgresTrail, TEST_SIGNING_KEY } from '../support/audit.js';
import { authHeaders } from '../support/consumers.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/gateway.js';
import { freePort } from '../support/redis.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

let registries: TestRegistries;
let gw: TestGateway;
let someone: string;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 100);
  gw = await startTestGateway(registries.targets, { config: { audit: { ...testConfig().audit, checkpointSeconds: 1 } } });
  someone = (await gw.sources.civil.searchPersons({}, null, 1))[0]!.personalNumber;
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

const endpoint = (gateway: TestGateway, path: string) => new URL(path, gateway.gateway.url()).href;

/** The value of one sample of the exposition text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the operations endpoints', () => {
  it('/healthz says the process is alive, without a credential', async () => {
    const response = await fetch(endpoint(gw, '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'alive' });
  });

  it('/readyz reports the audit trail, the cache and each registry, ready while the audit trail answers', async () => {
    const response = await fetch(endpoint(gw, '/readyz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      auditTrail: 'reachable',
      load: 'normal',
      cache: null,
      registries: { civil: 'closed', address: 'closed', vehicle: 'closed', business: 'closed' },
    });
  });

  it('/readyz stays ready without Redis, and is not ready without the audit trail', async () => {
    const trail = await postgresTrail();
    const cache = createCache({ ...loadConfig({}), redis: { mode: 'standalone', url: `redis://127.0.0.1:${await freePort()}` } }, createLogger({ logLevel: 'silent' }));
    const fragile = await startTestGateway(registries.targets, { cache, config: { auditDatabaseUrl: trail.writerUrl } });
    try {
      const withoutRedis = await fetch(endpoint(fragile, '/readyz'));
      expect(withoutRedis.status).toBe(200);
      expect(await withoutRedis.json()).toMatchObject({ status: 'ready', cache: { kind: 'redis', state: 'unreachable' } });
      await dropDatabase(trail.ownerUrl);
      const withoutAudit = await fetch(endpoint(fragile, '/readyz'));
      expect(withoutAudit.status).toBe(503);
      expect(await withoutAudit.json()).toMatchObject({ status: 'not ready', auditTrail: 'unreachable' });
    } finally {
      await fragile.stop();
      await cache.close();
      await trail.drop();
    }
  });

  it('/metrics counts requests by operation, errors by code, statements, batches, circuits and audit writes, with no personal data', async () => {
    const before = await (await fetch(endpoint(gw, '/metrics'))).text();
    const query = 'query MetricsProbe($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName lastName } }';
    expect((await gw.query(query, { p: someone })).data?.citizen).toBeTruthy();
    expect((await gw.query(query, { p: someone }, authHeaders(undefined, null))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gw.query('{ municipality(code: 1) { nameSq } }')).data?.municipality).toBeTruthy();
    expect((await gw.query('query Weird_Name_Ü { municipality(code: 1) { nameSq } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    await fetch(gw.gateway.url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });

    const response = await fetch(endpoint(gw, '/metrics'));
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const grew = (series: string) => (sample(text, series) ?? 0) - (sample(before, series) ?? 0);
    expect(grew('ndg_request_duration_seconds_count{operation="MetricsProbe",status="200"}')).toBe(1);
    expect(grew('ndg_request_duration_seconds_count{operation="MetricsProbe",status="403"}')).toBe(1);
    // The anonymous query, and the document that does not parse: answered 200 under application/json,
    // as the GraphQL-over-HTTP specification recommends for that media type.
    expect(grew('ndg_request_duration_seconds_count{operation="(anonymous)",status="200"}')).toBe(2);
    expect(grew('ndg_errors_total{code="FORBIDDEN"}')).toBe(1);
    expect(grew('ndg_errors_total{code="GRAPHQL_PARSE_FAILED"}')).toBe(1);
    expect(grew('ndg_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(text, 'ndg_registry_statements_total{registry="civil"}')).toBe(gw.sources.civil.statements.total);
    expect(sample(text, 'ndg_registry_statements_total{registry="address"}')).toBe(gw.sources.address.statements.total);
    expect(grew('ndg_registry_statement_duration_seconds_count{registry="civil",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(grew('ndg_loader_batch_size_count{loader="citizenByPersonalNumber"}')).toBe(1);
    expect(sample(text, 'ndg_registry_circuit_state{registry="vehicle"}')).toBe(0);
    expect(grew('ndg_audit_write_duration_seconds_count{outcome="ok"}')).toBe(1);
    // Every answer waited for its records: none is left to write.
    expect(sample(text, 'ndg_audit_records_pending')).toBe(0);
    expect(sample(text, 'ndg_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).not.toContain(someone);
  });

  it('/audit/checkpoints hands out the signed heads of the audit trail, without a credential and without personal data', async () => {
    await gw.query(`{ citizen(personalNumber: "${someone}") { lastName } }`);
    let listed: { checkpoints: Checkpoint[]; next: string | null } = { checkpoints: [], next: null };
    await until('a checkpoint to be signed', async () => {
      listed = (await (await fetch(endpoint(gw, '/audit/checkpoints'))).json()) as typeof listed;
      return listed.checkpoints.length > 0;
    });
    const keys = await CheckpointKeys.fromFiles([TEST_SIGNING_KEY.publicKeyFile]);
    expect(listed.checkpoints.every((checkpoint) => checkpoint.kind === 'head' && checkpoint.seq >= 1 && keys.signed(checkpoint))).toBe(true);
    expect(listed.next).toBeNull();
    expect(JSON.stringify(listed)).not.toContain(someone);
    expect((await fetch(endpoint(gw, '/audit/checkpoints?after=forged'))).status).toBe(400);
  });
});
