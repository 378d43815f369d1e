import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'sbom-'));

interface LockedPackage {
  /** Set when it is installed under another name (an npm: alias). */
  name?: string;
  version: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
}

interface BomComponent {
  group?: string;
  name: string;
  version: string;
  components?: BomComponent[];
}

/** `name@version` of the packages package-lock.json installs: those production runs, and those only the development tools need. */
function lockedPackages(): { runtime: Set<string>; devOnly: Set<string> } {
  const { packages } = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
  const runtime = new Set<string>();
  const dev = new Set<string>();
  const notDev = new Set<string>();
  for (const [location, entry] of Object.entries(packages)) {
    // The empty location is the project itself.
    if (location === '') continue;
    const id = `${entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`;
    if (entry.dev) dev.add(id);
    else notDev.add(id);
    if (!entry.dev && !entry.optional && !entry.devOptional) runtime.add(id);
  }
  // A development tool may nest its own copy of a version production also installs: that one is not dev-only.
  return { runtime, devOnly: new Set([...dev].filter((id) => !notDev.has(id))) };
}

/** `name@version` of every component of the bill of materials, nested ones included. */
function listed(components: BomComponent[] = []): string[] {
  return components.flatMap((component) => [`${component.group ? `${component.group}/` : ''}${component.name}@${component.version}`, ...listed(component.components)]);
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run sbom', () => {
  it('writes a CycloneDX bill of materials of every runtime dependency of package-lock.json, and of no development tool', async () => {
    const file = path.join(dir, 'sbom.cdx.json');
    // A second --output-file takes the place of the script's own.
    await promisify(execFile)('npm', ['run', 'sbom', '--silent', '--', '--output-file', file], { cwd: ROOT });
    const bom = JSON.parse(readFileSync(file, 'utf8')) as { bomFormat: string; metadata: { component: { name: string } }; components: BomComponent[] };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.metadata.component.name).toBe('national-data-gateway');

    const components = new Set(listed(bom.components));
    const { runtime, devOnly } = lockedPackages();
    const { dependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const runtimeNames = new Set([...runtime].map((id) => id.slice(0, id.lastIndexOf('@'))));
    expect(Object.keys(dependencies).filter((name) => !runtimeNames.has(name))).toEqual([]);
    expect([...runtime].filter((id) => !components.has(id))).toEqual([]);
    expect([...devOnly].filter((id) => components.has(id))).toEqual([]);
    const componentNames = [...components].map((id) => id.slice(0, id.lastIndexOf('@')));
    for (const tool of ['typescript', 'tsx', 'vitest', '@cyclonedx/cyclonedx-npm']) expect(componentNames).not.toContain(tool);
  });
});
