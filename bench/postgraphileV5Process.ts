import http from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { jsonPgSmartTags } from 'postgraphile/utils';
import { serveHttpToParent } from './parentChannel.js';
import { PEER_POOL_SIZE } from './protocol.js';

// A peer: PostGraphile v5 over the civil registry its first argument names, its recommended preset
// served by grafserv on node:http, set up for production: no GraphiQL, no watch, no explain, no
// websockets. It runs with NODE_ENV=production, which keeps Grafast out of its development mode.
const [civilUrl] = process.argv.slice(2);
if (!civilUrl) throw new Error('Give the civil registry URL');

// v5 orders a table by its indexed columns only; the gateway orders a holder's documents (one to three)
// by their date of issue, which has no index: the tag made for this lets v5 order by it, as v4 does.
const documentsByIssueDate = jsonPgSmartTags({ version: 1, config: { class: { id_document: { attribute: { issued_on: { tags: { isIndexed: true } } } } } } });

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  plugins: [documentsByIssueDate],
  pgServices: [makePgService({ connectionString: civilUrl, schemas: ['public'], poolConfig: { max: PEER_POOL_SIZE } })],
  grafserv: { graphiql: false, watch: false, websockets: false },
  grafast: { explain: false },
});
// Introspected and built before the parent is told to send requests.
await pgl.getSchema();
const server = http.createServer();
await pgl.createServ(grafserv).addTo(server);
await serveHttpToParent(server, async () => {
  await pgl.release();
});
