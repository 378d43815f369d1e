import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRecords, verifyAt } from '../support/audit.js';
import { authHeaders, TEST_CONSUMERS_FILE } from '../support/consumers.js';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

const AUDIT_URL = `sqlite:${path.join(tmpdir(), `shutdown-${process.pid}-${randomBytes(4).toString('hex')}-audit.sqlite`)}`;
const LOOPS = 8;
const PEOPLE_PER_REQUEST = 50;

let registries: TestRegistries;
let gateway: GatewayProcess;
let people: string[];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 400);
  gateway = await startGatewayProcess({
    CIVIL_REGISTRY_URL: registries.targets.civil,
    ADDRESS_REGISTER_URL: registries.targets.address,
    VEHICLE_REGISTRY_URL: registries.targets.vehicle,
    CONSUMERS_FILE: TEST_CONSUMERS_FILE,
    AUDIT_DATABASE_URL: AUDIT_URL,
  });
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query: `{ searchCitizens(filter: { municipalityCode: 1 }, first: ${PEOPLE_PER_REQUEST}) { nodes { personalNumber } } }` }),
  });
  people = ((await response.json()) as any).data.searchCitizens.nodes.map((node: { personalNumber: string }) => node.personalNumber);
});

afterAll(async () => {
  if (gateway?.process.exitCode === null) gateway.process.kill('SIGKILL');
  await registries?.drop();
});

type Outcome = { kind: 'answered'; status: number; complete: boolean; requestId: string; at: number } | { kind: 'refused'; at: number } | { kind: 'broken'; error: string; at: number };

/**
 * One request on the loop's keep-alive connection, as systems calling the gateway send them: refused
 * when a new connection finds nothing listening any more, broken if cut after it was accepted.
 */
function send(url: string, agent: http.Agent): Promise<Outcome> {
  const body = JSON.stringify({
    query: 'query Households($p: [PersonalNumber!]!) { citizens(personalNumbers: $p) { personalNumber lastName household { lastName } documents { number } } }',
    variables: { p: people },
  });
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...authHeaders() } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString()) as { data?: { citizens?: unknown[] }; errors?: unknown[] };
        resolve({
          kind: 'answered',
          status: response.statusCode ?? 0,
          complete: answer.data?.citizens?.length === people.length && !answer.errors,
          requestId: String(response.headers['x-request-id']),
          at: Date.now(),
        });
      });
      response.on('error', (error) => resolve({ kind: 'broken', error: error.message, at: Date.now() }));
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? { kind: 'refused', at: Date.now() } : { kind: 'broken', error: error.code ?? error.message, at: Date.now() }),
    );
    request.end(body);
  });
}

describe('a gateway told to stop (SIGTERM) under load', () => {
  it('answers every request it accepted, writes their access records, then exits 0', async () => {
    const outcomes: Outcome[] = [];
    let signalledAt = Number.POSITIVE_INFINITY;
    const answeredPerLoop = new Array<number>(LOOPS).fill(0);
    const loops = answeredPerLoop.map(async (_, loop) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (;;) {
        const outcome = await send(gateway.url, agent);
        outcomes.push(outcome);
        if (outcome.kind !== 'answered') return agent.destroy();
        answeredPerLoop[loop]! += 1;
      }
    });
    // Load first, every loop on its connection, then the signal in the middle of it.
    await until('every loop to have an answer', () => answeredPerLoop.every((answers) => answers > 0));
    signalledAt = Date.now();
    gateway.process.kill('SIGTERM');
    await Promise.all(loops);
    const code = await gateway.exited;

    const answered = outcomes.filter((outcome): outcome is Extract<Outcome, { kind: 'answered' }> => outcome.kind === 'answered');
    expect(outcomes.filter((outcome) => outcome.kind === 'broken')).toEqual([]);
    expect(answered.every((outcome) => outcome.status === 200 && outcome.complete)).toBe(true);
    // Some were on their way when the signal came, and were still answered in full.
    expect(answered.filter((outcome) => outcome.at > signalledAt).length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome.kind === 'refused').length).toBe(LOOPS);
    expect(code).toBe(0);
    expect(gateway.logLines.some((line) => line.includes('"gateway stopped"'))).toBe(true);

    // Every answer left its records, the last ones too, in a chain that verifies.
    const records = await allRecords(AUDIT_URL);
    const recorded = new Set(records.filter((record) => record.operationName === 'Households').map((record) => record.requestId));
    expect(recorded).toEqual(new Set(answered.map((outcome) => outcome.requestId)));
    // Its last checkpoint, signed as it stopped, covers every record.
    expect(await verifyAt(AUDIT_URL)).toMatchObject({ intact: true, unsigned: 0 });
  });
});
