import { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

// How long no request may be in flight before the connections left are closed: a request on its way
// on a kept-alive connection, or on one accepted just before the listener closed, arrives within it.
const SETTLE_MS = 500;

/**
 * How the gateway stops, on fastify's close: first the listener closes, and only the listener; each
 * request accepted is answered, fastify asking its client to close the connection; once none has been
 * in flight for a moment, or the grace period is over, fastify closes the connections left and runs
 * the parts' `onClose` hooks. Returns what starts it.
 */
export function stopGracefully(app: FastifyInstance, options: { graceMs: number; log: Logger }): () => Promise<void> {
  let inFlight = 0;
  let changed = () => {};
  app.addHook('onRequest', async (_request, reply) => {
    inFlight += 1;
    changed();
    // Once, whether the answer was sent or the client went away.
    reply.raw.once('close', () => {
      inFlight -= 1;
      changed();
    });
  });

  // Resolves once no request has been in flight for SETTLE_MS, or at `deadline`.
  const quiet = (deadline: number) =>
    new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        changed = () => {};
        resolve();
      };
      changed = () => {
        clearTimeout(timer);
        const left = deadline - Date.now();
        if (left <= 0) return done();
        timer = setTimeout(inFlight === 0 ? done : changed, inFlight === 0 ? Math.min(SETTLE_MS, left) : left);
      };
      changed();
    });

  app.addHook('preClose', async () => {
    // The listener only: http.Server's close would also drop the connections without a request in
    // flight, among them one whose request is on its way.
    if (app.server.listening) Server.prototype.close.call(app.server);
    await quiet(Date.now() + options.graceMs);
    if (inFlight > 0) {
      options.log.warn({ requests: inFlight, graceMs: options.graceMs }, 'requests still unanswered at the end of the grace period: their connections are closed');
      app.server.closeAllConnections();
    }
  });
  return () => app.close();
}
