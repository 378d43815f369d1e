import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CommonJS as its main and ESM as its module: Node (and so the libraries Vitest leaves
  // to Node) loads the first, Vite would load the second, and the two realms' classes would not
  // recognise each other. The tests load graphql as the gateway does at run time.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites seed real databases; two cores, so files run two at a time.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
