// npm installs graphql-parse-resolve-info, which PostGraphile v4 calls in every resolver, beside the
// gateway's graphql 16 (its peer range admits 16), while v4 builds its schema with the graphql 15 it
// ships: two graphql-js realms in one schema fail every query ("Unexpected input type"). Loaded with
// --import into v4's process only, this resolves every graphql required there to v4's own.
import Module, { createRequire } from 'node:module';
import path from 'node:path';

type ResolveFilename = (this: unknown, request: string, parent: unknown, isMain?: boolean, options?: { paths?: string[] }) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename };
const v4Dir = path.dirname(createRequire(import.meta.url).resolve('postgraphile-v4/package.json'));
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, parent, isMain, options) {
  const fromV4 = request === 'graphql' || request.startsWith('graphql/');
  return resolveFilename.call(this, request, parent, isMain, fromV4 ? { paths: [v4Dir] } : options);
};
