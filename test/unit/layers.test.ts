import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The TypeScript files under `folder` of src/, or the file itself. */
function filesOf(folder: string): string[] {
  const full = path.join(SRC, folder);
  if (full.endsWith('.ts')) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).map((file) => path.join(full, file));
}

describe('the layers below the resolvers', () => {
  it.each(['sources', 'loaders', 'listings', 'cache', 'audit', 'errors.ts', 'domain.ts'])('%s imports neither GraphQL, its server nor the HTTP framework', (folder) => {
    const offending = filesOf(folder).filter((file) => /from '(graphql|graphql-[^']+|@envelop\/[^']+|fastify|@fastify\/[^']+)'/.test(readFileSync(file, 'utf8')));
    expect(offending.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});
