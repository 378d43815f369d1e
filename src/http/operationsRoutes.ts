import type { FastifyPluginAsync } from 'fastify';
import type { AuditStore, CheckpointPosition } from '../audit/auditStore.js';
import { isCheckpointKind } from '../audit/checkpoints.js';
import type { Cache } from '../cache/index.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { GatewayMetrics } from '../metrics.js';
import type { Sources } from '../sources/index.js';
import type { Edge } from './edge.js';

/** What the probes and Prometheus look at. */
export interface OperationsParts {
  edge: Edge;
  auditStore: AuditStore;
  cache: Cache | null;
  sources: Sources;
  metrics: GatewayMetrics;
}

const CHECKPOINTS_PER_PAGE = 1000;

// Probes and scrapes are answered under load too: that is when they matter.
const ANSWERED_UNDER_PRESSURE = { config: { pressureHandler: () => undefined } };

/** `/healthz`, `/readyz`, `/metrics` and `/audit/checkpoints`, without a credential: none of them carries personal data. */
export function operationsRoutes(parts: OperationsParts): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', ANSWERED_UNDER_PRESSURE, async () => ({ status: 'alive' }));

    // Ready while the audit trail answers (without it no personal data may leave) and the process is
    // not shedding load. Registries and the cache are reported, not required: a registry that fails
    // costs its own fields, Redis nothing.
    app.get('/readyz', ANSWERED_UNDER_PRESSURE, async (_, reply) => {
      const { edge, auditStore, cache, sources } = parts;
      const [auditTrail, cacheReachable] = await Promise.all([auditStore.reachable(), cache?.reachable() ?? null]);
      const overloaded = edge.overloaded();
      const ready = auditTrail && !overloaded && !edge.stopping;
      return reply.code(ready ? 200 : 503).send({
        status: edge.stopping ? 'stopping' : ready ? 'ready' : 'not ready',
        auditTrail: auditTrail ? 'reachable' : 'unreachable',
        load: overloaded ? 'overloaded' : 'normal',
        cache: cache && { kind: cache.kind, state: cacheReachable ? 'reachable' : 'unreachable' },
        registries: { civil: sources.civil.circuit, address: sources.address.circuit, vehicle: sources.vehicle.circuit, business: sources.business.circuit },
      });
    });

    app.get('/metrics', ANSWERED_UNDER_PRESSURE, async (_, reply) => reply.type(parts.metrics.registry.contentType).send(await parts.metrics.registry.metrics()));

    // The audit trail's signed checkpoints, oldest first, for a supervisory authority to fetch and
    // keep: a witness the audit database's owner cannot reach. Writers, numbers and hashes only.
    app.get('/audit/checkpoints', async (request) => {
      const { after } = request.query as { after?: unknown };
      const position = after === undefined ? null : checkpointPositionOf(after);
      const checkpoints = await parts.auditStore.checkpoints(position, CHECKPOINTS_PER_PAGE);
      const last = checkpoints[checkpoints.length - 1];
      const next = checkpoints.length === CHECKPOINTS_PER_PAGE && last ? Buffer.from(JSON.stringify([last.at, last.writer, last.kind, last.seq])).toString('base64url') : null;
      return { checkpoints, next };
    });
  };
}

// The position `next` named: where the previous page of checkpoints ended.
function checkpointPositionOf(after: unknown): CheckpointPosition {
  try {
    const [at, writer, kind, seq] = JSON.parse(Buffer.from(String(after), 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof writer === 'string' && isCheckpointKind(kind) && Number.isSafeInteger(seq)) {
      return { at, writer, kind, seq: seq as number };
    }
  } catch {
    // Not a position this endpoint gave: refused below.
  }
  throw new GatewayError(ErrorCode.BAD_USER_INPUT, 'after: pass the `next` of the previous page unchanged');
}
