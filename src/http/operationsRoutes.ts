import type { FastifyPluginAsync } from 'fastify';
import type { AuditStore } from '../audit/auditStore.js';
import type { Cache } from '../cache/index.js';
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

// Probes and scrapes are answered under load too: that is when they matter.
const ANSWERED_UNDER_PRESSURE = { config: { pressureHandler: () => undefined } };

/** `/healthz`, `/readyz` and `/metrics`, without a credential: none of them carries personal data. */
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
        registries: { civil: sources.civil.circuit, address: sources.address.circuit, vehicle: sources.vehicle.circuit },
      });
    });

    app.get('/metrics', ANSWERED_UNDER_PRESSURE, async (_, reply) => reply.type(parts.metrics.registry.contentType).send(await parts.metrics.registry.metrics()));
  };
}
