import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/dates.js';
import type { CivilRegistryDatabase } from '../../src/sources/civil/rows.js';
import { connect } from '../../src/sources/engine.js';
import type { VehicleRegistryDatabase } from '../../src/sources/vehicle/rows.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ENGINE_SETUPS, provisionRegistries, type TestRegistries } from '../support/registries.js';

// The SMS reminder service pages `expiringDocuments` to its end for its window: every document the
// registries hold for it must come once, whatever the window and page size.
const CITIZENS = 800;
const TODAY = '2026-01-01';
const LONGEST_WINDOW = 366;
const PAGE_SIZES = [1, 7, 100];
// Windows paged at once: the gateway answers them side by side, as it would several services.
const WINDOWS_AT_ONCE = 6;

interface Listed {
  number: string;
  expiresOn: string;
}

const QUERY = /* GraphQL */ `
  query Reminders($days: Int!, $first: Int!, $after: String) {
    expiringDocuments(withinDays: $days, first: $first, after: $after) { nodes { number expiresOn } pageInfo { endCursor hasNextPage } }
  }
`;

describe.each(ENGINE_SETUPS)('expiringDocuments over %s registries', (setup) => {
  let registries: TestRegistries;
  let gw: TestGateway;
  let civil: Kysely<CivilRegistryDatabase>;
  let vehicle: Kysely<VehicleRegistryDatabase>;

  beforeAll(async () => {
    registries = await provisionRegistries(setup, CITIZENS);
    gw = await startTestGateway(registries.targets, { today: TODAY });
    civil = connect<CivilRegistryDatabase>(registries.targets.civil).db;
    vehicle = connect<VehicleRegistryDatabase>(registries.targets.vehicle).db;
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([civil?.destroy(), vehicle?.destroy()]);
    await registries?.drop();
  });

  // What the registries hold for the longest window, by SQL on each: documents and licences in force
  // of living holders, in expiry and then number order. A shorter window is a beginning of it.
  async function heldForLongestWindow(): Promise<{ due: Listed[]; leftOut: { deadHolders: number; notInForce: number } }> {
    const last = addDays(TODAY, LONGEST_WINDOW);
    const living = civil.selectFrom('person').select('personal_no').where('status', '=', 'A');
    const documents = await civil
      .selectFrom('id_document')
      .select(['doc_no', 'expires_on', 'status', sql<boolean>`personal_no in (${living})`.as('living')])
      .where('expires_on', '>=', TODAY)
      .where('expires_on', '<=', last)
      .execute();
    const isoExpiry =
      setup === 'sqlite' ? sql<string>`substr(SKADON, 7, 4) || '-' || substr(SKADON, 4, 2) || '-' || substr(SKADON, 1, 2)` : sql<string>`concat(substr(SKADON, 7, 4), '-', substr(SKADON, 4, 2), '-', substr(SKADON, 1, 2))`;
    const licences = await vehicle
      .selectFrom('PATENTAT')
      .select(['NR_PATENTES', 'NR_PERSONAL', 'STATUSI', isoExpiry.as('expiresOn')])
      .where(isoExpiry, '>=', TODAY)
      .where(isoExpiry, '<=', last)
      .execute();
    const livingHolders = new Set((await living.execute()).map((row) => row.personal_no.trim()));
    const candidates = [
      ...documents.map((row) => ({ number: row.doc_no.trim(), expiresOn: String(row.expires_on).slice(0, 10), inForce: row.status === 'V', living: Boolean(Number(row.living)) })),
      ...licences.map((row) => ({ number: row.NR_PATENTES.trim(), expiresOn: row.expiresOn, inForce: row.STATUSI.trim().toUpperCase() === 'AKTIVE', living: livingHolders.has(row.NR_PERSONAL.trim()) })),
    ];
    const due = candidates
      .filter((candidate) => candidate.inForce && candidate.living)
      .map(({ number, expiresOn }) => ({ number, expiresOn }))
      .sort((a, b) => (a.expiresOn === b.expiresOn ? (a.number < b.number ? -1 : 1) : a.expiresOn < b.expiresOn ? -1 : 1));
    return {
      due,
      leftOut: { deadHolders: candidates.filter((candidate) => candidate.inForce && !candidate.living).length, notInForce: candidates.filter((candidate) => !candidate.inForce).length },
    };
  }

  async function pageThrough(days: number, first: number): Promise<Listed[]> {
    const listed: Listed[] = [];
    let after: string | null = null;
    for (;;) {
      const result = await gw.query(QUERY, { days, first, after });
      expect(result.errors).toBeUndefined();
      const connection = result.data!.expiringDocuments;
      expect(connection.nodes.length).toBeLessThanOrEqual(first);
      listed.push(...(connection.nodes as Listed[]));
      if (!connection.pageInfo.hasNextPage) return listed;
      // A page announced as followed by another is full.
      expect(connection.nodes).toHaveLength(first);
      after = connection.pageInfo.endCursor;
    }
  }

  it('lists every document due in every window from today to a year ahead once, at every page size', async () => {
    const { due, leftOut } = await heldForLongestWindow();
    // The windows hold documents that must be left out: of dead or emigrated holders, suspended or
    // revoked licences, invalidated cards. They are what made pages end early.
    expect(leftOut.deadHolders).toBeGreaterThan(0);
    expect(leftOut.notInForce).toBeGreaterThan(0);
    expect(due.length).toBeGreaterThan(40);

    const windows = Array.from({ length: LONGEST_WINDOW + 1 }, (_, days) => days);
    const mismatches: string[] = [];
    for (let start = 0; start < windows.length; start += WINDOWS_AT_ONCE) {
      await Promise.all(
        windows.slice(start, start + WINDOWS_AT_ONCE).map(async (days) => {
          const expected = due.filter((document) => document.expiresOn <= addDays(TODAY, days));
          for (const first of PAGE_SIZES) {
            const listed = await pageThrough(days, first);
            if (JSON.stringify(listed) !== JSON.stringify(expected)) mismatches.push(`${days} days, pages of ${first}: ${listed.length} listed, ${expected.length} due`);
          }
        }),
      );
    }
    expect(mismatches).toEqual([]);
  }, 600_000);
});
