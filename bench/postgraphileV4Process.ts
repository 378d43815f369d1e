import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { postgraphile } from 'postgraphile-v4';
import { serveParent } from './parentChannel.js';
import { PEER_POOL_SIZE, type BareReport } from './protocol.js';

// A peer: PostGraphile v4 over the civil registry its first argument names, as an HTTP request
// listener on node:http, set up as its documentation advises for production: no GraphiQL, no watch,
// no query log, no error details.
const [civilUrl] = process.argv.slice(2);
if (!civilUrl) throw new Error('Give the civil registry URL');

const pool = new pg.Pool({ connectionString: civilUrl, max: PEER_POOL_SIZE });
const handler = postgraphile(pool, 'public', {
  graphiql: false,
  watchPg: false,
  disableQueryLog: true,
  extendedErrors: [],
  showErrorStack: false,
  retryOnInitFail: false,
  ignoreRBAC: false,
  setofFunctionsContainNulls: false,
});
// Introspected and built before the parent is told to send requests.
await handler.getGraphQLSchema();
const server = http.createServer(handler);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serveParent(
  `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
  (): BareReport => ({ maxRssKb: process.resourceUsage().maxRSS }),
  async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await handler.release();
    await pool.end();
  },
);
