import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { AccessRecorder } from '../audit/auditTrail.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { RateLimits } from '../auth/rateLimits.js';
import { parseIsoDate } from '../dates.js';
import { badArgument, driverErrorOf, ErrorCode, GatewayError } from '../errors.js';
import { exportedRoll, ROLL_FORMATS, type RollFormat } from '../exports/electoralRoll.js';
import { checkedRollQuery, type ElectoralRollQuery } from '../listings/index.js';
import type { Fetchers } from '../loaders/index.js';
import type { GatewayMetrics } from '../metrics.js';
import { refuseHiddenReadNotAllowed, refuseWithoutPurpose } from '../plugins/accessControl.js';
import type { Sources } from '../sources/index.js';
import { admit, authenticate } from './admission.js';

/** What the export routes are made of. */
export interface ExportRouteParts {
  authenticator: Authenticator;
  rateLimits: RateLimits;
  sources: Sources;
  fetchers: Fetchers;
  trail: AccessRecorder;
  metrics: GatewayMetrics;
  today: () => string;
}

// How the export is named in metrics and in its voters' access records.
const OPERATION_NAME = 'ElectoralRollExport';
const PARAMETERS = new Set(['municipalityCode', 'cutOffDate', 'electionDay', 'format']);
const MEDIA_TYPES: Record<RollFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' };

/**
 * GET /exports/electoral-roll: a municipality's whole roll for an election, streamed as CSV or NDJSON
 * with the memory of one page, for the consumers that hold `electoral-roll`, with the same credential,
 * rate limit and purpose as a GraphQL request. Every voter is recorded as a bulk read before their line
 * leaves; a roll that cannot be recorded to its end is cut off, its connection closed.
 */
export function exportRoutes(parts: ExportRouteParts): FastifyPluginAsync {
  return async (app) => {
    app.get('/exports/electoral-roll', { onRequest: [authenticate(parts.authenticator), admit(parts.rateLimits)] }, async (request, reply) => {
      const caller = request.caller!;
      if (!caller.consumer.scopes.has('electoral-roll')) {
        throw new GatewayError(ErrorCode.FORBIDDEN, `The consumer ${caller.consumer.id} may not export electoral rolls (needs electoral-roll)`, {
          needs: [['electoral-roll']],
        });
      }
      refuseHiddenReadNotAllowed(caller, parts.today());
      refuseWithoutPurpose(caller);
      const { roll: named, format } = exportParameters(request.query as Record<string, unknown>);
      const query = await checkedRollQuery(named, async (code) => (await parts.fetchers.municipalityByCode([code]))[0] ?? null);

      const roll = exportedRoll(parts, query, format, caller, { id: request.id, operationName: OPERATION_NAME });
      // The first page is read and recorded before the answer starts: a failure then is a coded error.
      const first = await roll.next();
      const rest = async function* () {
        try {
          if (!first.done) yield first.value;
          yield* roll;
        } catch (error) {
          // Past the headers nothing can be said but that the answer is incomplete: it ends without its last chunk.
          request.log.error({ driverError: driverErrorOf(error) }, 'electoral roll export cut off: a page could not be read or recorded');
          reply.raw.destroy();
        }
      };
      reply.type(MEDIA_TYPES[format]);
      reply.header('content-disposition', `attachment; filename="electoral-roll-${query.municipalityCode}-${query.cutOffDate}.${format}"`);
      return reply.send(Readable.from(rest()));
    });

    app.addHook('onResponse', async (request, reply) => {
      if (request.routeOptions.url === '/exports/electoral-roll') parts.metrics.request(OPERATION_NAME, reply.statusCode, reply.elapsedTime);
    });
  };
}

// The roll and format a request names, or BAD_USER_INPUT naming the parameter at fault; the roll itself is checked apart, as GraphQL's is.
function exportParameters(given: Record<string, unknown>): { roll: ElectoralRollQuery; format: RollFormat } {
  const unknown = Object.keys(given).find((name) => !PARAMETERS.has(name));
  if (unknown !== undefined) throw badArgument(unknown, `not a parameter of this export; it takes ${[...PARAMETERS].join(', ')}`);
  const code = typeof given.municipalityCode === 'string' && /^\d{1,4}$/.test(given.municipalityCode) ? Number(given.municipalityCode) : 0;
  if (code < 1) throw badArgument('municipalityCode', 'a municipality code from 1 to 9999');
  const date = (name: 'cutOffDate' | 'electionDay') => {
    const value = typeof given[name] === 'string' ? parseIsoDate(given[name]) : null;
    if (value === null) throw badArgument(name, 'a calendar date, YYYY-MM-DD');
    return value;
  };
  const [cutOffDate, electionDay] = [date('cutOffDate'), date('electionDay')];
  const format = given.format ?? 'csv';
  if (!ROLL_FORMATS.includes(format as RollFormat)) throw badArgument('format', `one of ${ROLL_FORMATS.join(', ')}`);
  return { roll: { municipalityCode: code, cutOffDate, electionDay }, format: format as RollFormat };
}
