import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_CONSUMERS_FILE } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The first request of the README's "Ask it", as a reader copies it: its headers and body, and the answer it shows. */
function firstExample(): { headers: Record<string, string>; body: string; answer: string } {
  const section = README.slice(README.indexOf('## Ask it'));
  const command = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  const answer = /```json\n([\s\S]*?)```/.exec(section)![1]!;
  const headers = Object.fromEntries([...command.matchAll(/-H '([^:']+):\s*([^']+)'/g)].map(([, name, value]) => [name!.toLowerCase(), value!]));
  const body = /-d '([^']*)'/.exec(command)![1]!;
  return { headers, body, answer };
}

let registries: TestRegistries;
let gw: TestGateway;

beforeAll(async () => {
  // The embedded default's data: the same generator and seed as `npm start`, whose first household the example reads.
  registries = await provisionRegistries('sqlite', 200);
  gw = await startTestGateway(registries.targets, { config: { consumersFile: SHIPPED_CONSUMERS_FILE } });
});

afterAll(async () => {
  await gw?.stop();
  await registries?.drop();
});

describe("the README's first request", () => {
  it('is valid JSON, and the embedded default answers it with the answer the README shows', async () => {
    const { headers, body, answer } = firstExample();
    expect(() => JSON.parse(body)).not.toThrow();
    const response = await fetch(gw.gateway.url(), { method: 'POST', headers, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(answer));
  });
});
