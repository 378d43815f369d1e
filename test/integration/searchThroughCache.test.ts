import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

let registries: TestRegistries;
let cached: TestGateway;
let uncached: TestGateway;

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  [cached, uncached] = await Promise.all([startTestGateway(registries.targets, { cache: createMemoryCache(10_000) }), startTestGateway(registries.targets)]);
});

afterAll(async () => {
  await Promise.all([cached?.stop(), uncached?.stop()]);
  await registries?.drop();
});

const page = (after: string | null) =>
  `{ searchCitizens(filter: { municipalityCode: 1 }, first: 4${after === null ? '' : `, after: "${after}"`}) {
    nodes { personalNumber firstName lastName dateOfBirth status } pageInfo { hasNextPage endCursor } } }`;

// Every page of the search on `gw`, each followed by its own cursor.
async function allPages(gw: TestGateway): Promise<Array<{ nodes: unknown[]; hasNextPage: boolean }>> {
  const pages = [];
  for (let after: string | null = null; ; ) {
    const result = (await gw.query(page(after))) as any;
    expect(result.errors).toBeUndefined();
    const { nodes, pageInfo } = result.data.searchCitizens;
    pages.push({ nodes, hasNextPage: pageInfo.hasNextPage });
    if (!pageInfo.hasNextPage) return pages;
    after = pageInfo.endCursor;
  }
}

describe('a search behind the cache', () => {
  it('reads whom it finds from the registry and what they are through the cache: a warm page costs one statement', async () => {
    const first = page(null);
    expect(await cached.statementsDuring(() => cached.query(first))).toEqual({ civil: { searchPersonNumbers: 1, personsByNumbers: 1 }, address: {}, vehicle: {} });
    expect(await cached.statementsDuring(() => cached.query(first))).toEqual({ civil: { searchPersonNumbers: 1 }, address: {}, vehicle: {} });
    // Without a cache, the search reads every row it finds in full, in its one statement.
    expect(await uncached.statementsDuring(() => uncached.query(first))).toEqual({ civil: { searchPersons: 1 }, address: {}, vehicle: {} });
  });

  it('pages as a gateway without a cache does, person for person', async () => {
    const pages = await allPages(cached);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages).toEqual(await allPages(uncached));
  });
});
