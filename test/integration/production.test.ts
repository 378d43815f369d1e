import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, DEVELOPMENT_KEYS, SHIPPED_CONSUMERS_FILE } from '../support/consumers.js';
import { failedGatewayStart, startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

let registries: TestRegistries;
let dir: string;
let gateway: GatewayProcess | undefined;

/** The environment of a production gateway process over the test's registries. */
const productionEnv = (consumersFile: string) => ({
  CIVIL_REGISTRY_URL: registries.targets.civil,
  ADDRESS_REGISTER_URL: registries.targets.address,
  VEHICLE_REGISTRY_URL: registries.targets.vehicle,
  AUDIT_DATABASE_URL: `sqlite:${path.join(dir, `audit-${randomBytes(4).toString('hex')}.sqlite`)}`,
  CONSUMERS_FILE: consumersFile,
  NODE_ENV: 'production',
});

/** Asks `started` for the municipalities with `credentials`, expects all 38, then stops it with SIGTERM and expects a clean exit. */
async function expectAnswersThenStops(started: GatewayProcess, credentials: Record<string, string>): Promise<void> {
  const response = await fetch(started.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentials },
    body: JSON.stringify({ query: '{ municipalities { code } }' }),
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { data: { municipalities: unknown[] } }).data.municipalities.length).toBe(38);
  started.process.kill('SIGTERM');
  expect(await started.exited).toBe(0);
}

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 200);
  dir = mkdtempSync(path.join(tmpdir(), 'production-'));
});

afterAll(async () => {
  if (gateway?.process.exitCode === null) gateway.process.kill('SIGKILL');
  await registries?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a gateway process in production', () => {
  it('refuses to start with the shipped consumers file, naming each consumer whose credential is published', async () => {
    const { code, stderr } = await failedGatewayStart(productionEnv(SHIPPED_CONSUMERS_FILE));
    expect(code).toBe(1);
    expect(stderr).toContain(`The gateway could not start: The consumers file ${SHIPPED_CONSUMERS_FILE} holds published development credentials, refused in production: `);
    expect(stderr).toContain('the API keys of cra, payroll, procurement, cec, police, sms-reminders, developer; the token signing key of citizen-portal.');
  }, 120_000);

  it('starts with the credentials the generator gives the same consumers on a first start, and serves their new keys', async () => {
    // What the compose file's one-shot service runs, compiled in the gateway's image, here from its sources.
    const out = path.join(dir, 'credentials');
    const generator = spawn(process.execPath, ['--import', 'tsx', 'src/auth/cli.ts', '--out', out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    generator.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    expect(await new Promise((resolve) => generator.once('close', resolve))).toBe(0);
    const keys = JSON.parse(readFileSync(path.join(out, 'keys.json'), 'utf8')) as Record<string, string>;
    expect(printed).toContain(path.join(out, 'keys.json'));
    for (const key of Object.values(keys)) expect(printed).not.toContain(key);

    gateway = await startGatewayProcess(productionEnv(path.join(out, 'consumers.json')));
    await expectAnswersThenStops(gateway, authHeaders(keys.procurement, 'bidder-verification'));
  }, 120_000);
});

describe('the compiled gateway', () => {
  it('is what npm run build makes, run by plain node: it answers a query and stops cleanly', async () => {
    const build = spawn('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'inherit', 'inherit'] });
    expect(await new Promise((resolve) => build.once('close', resolve))).toBe(0);
    // Over synthetic data, as a developer runs it: the shipped consumers and their development keys.
    gateway = await startGatewayProcess({ ...productionEnv(SHIPPED_CONSUMERS_FILE), NODE_ENV: 'development' }, 'compiled');
    await expectAnswersThenStops(gateway, authHeaders(DEVELOPMENT_KEYS.developer, 'development'));
  }, 120_000);
});
