import http from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile-v4';
import { serveHttpToParent } from './parentChannel.js';
import { PEER_POOL_SIZE } from './protocol.js';

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
await serveHttpToParent(server, async () => {
  await handler.release();
  await pool.end();
});
