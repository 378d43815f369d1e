import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { engineOf, sqliteFileOf } from '../sources/engine.js';
import type { SeedTargets } from './index.js';

/** The file the seeder leaves beside the SQLite registries it filled with synthetic data. */
export const SEED_MARKER = 'seeded-by-gateway.json';

/**
 * The layout of the tables the seeder writes, raised whenever one is added or changed: registries it
 * seeded with an older one lack what the gateway reads, and the gateway seeds its own again.
 */
export const SEED_LAYOUT = 3;

/** What the marker says: the registry files the seeder wrote, and how. */
interface SeedMarker {
  readonly files: readonly string[];
  /** Absent from markers written before the layout was numbered: layout 1. */
  readonly layout: number;
  readonly citizens: number;
  readonly seed: number;
  readonly referenceDate: string;
}

/**
 * Records beside the registries that the seeder filled them, with its parameters: only when all
 * three are SQLite files of one folder, which is then the gateway's own.
 */
export async function markSeeded(targets: SeedTargets, parameters: Omit<SeedMarker, 'files' | 'layout'>): Promise<void> {
  const embedded = embeddedFiles(targets);
  if (embedded === null) return;
  const marker: SeedMarker = { files: embedded.files, layout: SEED_LAYOUT, ...parameters };
  await writeFile(path.join(embedded.folder, SEED_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Whether the registries are SQLite files of one folder whose marker says the seeder wrote each of them. */
export async function seededByGateway(targets: SeedTargets): Promise<boolean> {
  return (await ownMarker(targets)) !== null;
}

/** Whether the seeder wrote the registries, as `seededByGateway` tells, in a layout older than today's. */
export async function seededInOlderLayout(targets: SeedTargets): Promise<boolean> {
  const marker = await ownMarker(targets);
  return marker !== null && (marker.layout ?? 1) < SEED_LAYOUT;
}

// The marker beside the registries when it names each of them; null otherwise.
async function ownMarker(targets: SeedTargets): Promise<Partial<SeedMarker> | null> {
  const embedded = embeddedFiles(targets);
  if (embedded === null) return null;
  let marker: Partial<SeedMarker>;
  try {
    marker = JSON.parse(await readFile(path.join(embedded.folder, SEED_MARKER), 'utf8')) as Partial<SeedMarker>;
  } catch {
    return null;
  }
  return embedded.files.every((file) => marker.files?.includes(file)) ? marker : null;
}

// The folder holding the three registries and their files' names in it; null when any registry is
// on a database server or in another folder.
function embeddedFiles(targets: SeedTargets): { folder: string; files: string[] } | null {
  const urls = [targets.civil, targets.address, targets.vehicle];
  if (!urls.every((url) => engineOf(url) === 'sqlite')) return null;
  const paths = urls.map((url) => path.resolve(sqliteFileOf(url)));
  const folder = path.dirname(paths[0]!);
  if (!paths.every((file) => path.dirname(file) === folder)) return null;
  return { folder, files: [...new Set(paths.map((file) => path.basename(file)))] };
}
