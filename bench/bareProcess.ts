import http from 'node:http';
import { firstParentMessage, serveHttpToParent } from './parentChannel.js';
import type { BareBodyMessage } from './protocol.js';

// The ceiling: a bare HTTP server answering every request with the bytes the parent gave it.
const { bodyBase64 } = (await firstParentMessage()) as BareBodyMessage;
const body = Buffer.from(bodyBase64, 'base64');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = http.createServer((request, response) => {
  // Like the gateway, the request is read in full before it is answered.
  request.once('end', () => response.writeHead(200, headers).end(body)).resume();
});
await serveHttpToParent(server);
