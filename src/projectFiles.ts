import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The folder of the project's package.json: `src/` runs from the sources, or compiled under `dist/`.
const PROJECT_ROOT = (() => {
  for (let folder = path.dirname(fileURLToPath(import.meta.url)); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error('The gateway runs outside its project: no package.json above it');
  }
})();

/** A file or folder the gateway reads at run time (its schema, configuration, playground script), from the project's root. */
export function projectFile(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
