import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedTargets } from '../../src/seed/index.js';
import { sqliteFileOf } from '../../src/sources/engine.js';
import { DEVELOPMENT_KEYS, generatedConsumers, SHIPPED_CONSUMERS_FILE } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

// Debian's Chromium (`.ci/run` installs it); a browser downloaded through npm cannot work here.
const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium tries to reach hosts of its own.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
// How long the page may take to show what is awaited: only a page that never shows it fails, however busy the machine.
const PATIENCE = { timeout: 30_000, interval: 500 };

let registries: TestRegistries;
let gw: TestGateway;
let production: TestGateway;
/** The shipped consumers in development, over copies of the registries' files without the seeder's marker. */
let unmarked: TestGateway;
let copies: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`The playground test drives ${CHROMIUM}: apt-get install -y chromium`);
  registries = await provisionRegistries('sqlite', 400);
  // The embedded default: the shipped consumers with their published development keys.
  gw = await startTestGateway(registries.targets, { config: { consumersFile: SHIPPED_CONSUMERS_FILE } });
  production = await startTestGateway(registries.targets, { production: true, config: { consumersFile: (await generatedConsumers()).consumersFile } });
  // SQLite files the gateway did not seed, as far as it can tell: the same data, without the marker.
  copies = mkdtempSync(path.join(tmpdir(), 'playground-copies-'));
  const copied = Object.fromEntries(Object.entries(registries.targets).map(([registry, url]) => {
    const copy = path.join(copies, path.basename(sqliteFileOf(url)));
    copyFileSync(sqliteFileOf(url), copy);
    return [registry, `sqlite:${copy}`];
  })) as unknown as SeedTargets;
  unmarked = await startTestGateway(copied, { config: { consumersFile: SHIPPED_CONSUMERS_FILE } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([gw?.stop(), production?.stop(), unmarked?.stop()]);
  await registries?.drop();
  if (copies) rmSync(copies, { recursive: true, force: true });
});

/**
 * Opens the example tab of `operation`, runs it until the answer holds `expected`, and returns the
 * answer. GraphiQL takes the operation's name from the editor a moment after a tab opens (until then
 * it would send the previous tab's), so each poll runs the operation again.
 */
async function runTab(page: Page, operation: string, expected: string): Promise<string> {
  await page.locator('.graphiql-tab', { hasText: operation }).click();
  const result = page.locator('.graphiql-response');
  await expect
    .poll(async () => {
      await page.locator('.graphiql-execute-button').click();
      return result.innerText();
    }, PATIENCE)
    .toContain(expected);
  return result.innerText();
}

describe('the playground in a browser', () => {
  it('loads from the gateway alone, documents Citizen, and runs an example with its data', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const elsewhere: string[] = [];
    const gateway = new URL(gw.gateway.url());
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.host === gateway.host || url.protocol === 'data:') return route.continue();
      elsewhere.push(url.origin);
      return route.abort();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(new URL('/', gateway).href);
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const explorer = page.locator('.graphiql-doc-explorer');
    await explorer.getByText('Citizen', { exact: true }).first().click();
    // The type's own page: its description and its fields.
    await expect.poll(() => explorer.innerText(), PATIENCE).toContain('personalNumber');
    expect(await explorer.innerText()).toContain("Registry: the Civil Registration Agency's civil registry.");

    // The procurement example: its tab carries the procurement system's development key and purpose.
    // The editor shows the answer's beginning: the company, and no errors before it.
    const answer = await runTab(page, 'BidderCheck', '"legalForm"');
    expect(answer).toContain('"company"');
    expect(answer).not.toContain('"errors"');

    // The citizen portal's tab carries a token for the same person: their access log shows the read.
    expect(await runTab(page, 'MyDataAccess', 'Public Procurement Regulatory Commission')).toContain('"bidder-verification"');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}playground.png`, fullPage: true });
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('the playground page', () => {
  const pageOf = async (gateway: TestGateway, path: string, accept = 'text/html') => fetch(new URL(path, gateway.gateway.url()), { headers: { accept } });

  it('is served at / and to a browser opening /graphql, loading only what the gateway serves', async () => {
    for (const path of ['/', '/graphql']) {
      const response = await pageOf(gw, path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await response.text();
      const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      expect(loaded.length).toBeGreaterThanOrEqual(5);
      for (const asset of loaded) {
        expect(asset).toMatch(/^\/playground\//);
        const served = await pageOf(gw, asset, '*/*');
        expect(served.status).toBe(200);
        expect(served.headers.get('content-type')).toMatch(/^text\/(css|javascript)/);
      }
    }
    // A GraphQL request stays one, whatever the browser accepts; an unknown asset is not found.
    expect((await pageOf(gw, '/graphql?query=%7B__typename%7D')).headers.get('content-type')).not.toContain('text/html');
    expect((await pageOf(gw, '/playground/nothing.js')).status).toBe(404);
  });

  /** The examples' settings the page carries. */
  const settingsOf = (html: string) =>
    JSON.parse(/<script id="playground-settings" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as {
      examples: Array<{ consumer: string; headers: Record<string, string>; variables: Record<string, unknown> }>;
    };

  it('fills in the development keys over synthetic data it seeded, and placeholders in production', async () => {
    const development = await (await pageOf(gw, '/')).text();
    expect(development).toContain(DEVELOPMENT_KEYS.payroll);
    expect(development).toContain(DEVELOPMENT_KEYS.developer);
    expect(development).toMatch(/"personalNumber":"\d{10}"/);
    // The citizen portal's example carries a token the portal's published development key signed.
    expect(development).toMatch(/"Authorization":"Bearer [\w-]+\.[\w-]+\.[\w-]+"/);
    const inProduction = await (await pageOf(production, '/')).text();
    expect(settingsOf(inProduction).examples.find((example) => example.consumer === 'payroll')?.headers).toEqual({
      Authorization: 'Bearer <the API key of payroll>',
      'X-Purpose': 'payroll-verification',
    });
    expect(inProduction).not.toMatch(/dev-[a-z-]+-[0-9a-f]{24}/);
    expect(inProduction).not.toMatch(/\d{10}/);
  });

  it('holds placeholders over registries without the seeder\'s marker, though they are SQLite files of synthetic data', async () => {
    const page = await (await pageOf(unmarked, '/')).text();
    const payroll = settingsOf(page).examples.find((example) => example.consumer === 'payroll');
    expect(payroll?.headers.Authorization).toBe('Bearer <the API key of payroll>');
    expect(payroll?.variables.personalNumbers).toEqual(['<personal number>']);
    expect(page).not.toMatch(/dev-[a-z-]+-[0-9a-f]{24}/);
    expect(page).not.toMatch(/\d{10}/);
  });
});
