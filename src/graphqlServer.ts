import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AccessRecorder } from './audit/auditTrail.js';
import { ScopeRules } from './auth/scopes.js';
import type { Config } from './config.js';
import type { RequestContext } from './context.js';
import { ErrorCode } from './errors.js';
import type { GatewayMetrics } from './metrics.js';
import { useAccessControl } from './plugins/accessControl.js';
import { useAuditTrail } from './plugins/auditTrail.js';
import { formatErrorFor, useHttpStatuses } from './plugins/errorMapping.js';
import { operationLimits } from './plugins/operationLimits.js';
import { queriesOnlyRule } from './plugins/queriesOnly.js';
import { useRequestDetails } from './plugins/requestDetails.js';
import { useStaleAnswers } from './plugins/staleAnswers.js';

/** What Apollo Server is given. */
export interface GraphQLServerParts {
  schema: GraphQLSchema;
  config: Config;
  log: Logger;
  metrics: GatewayMetrics;
  auditTrail: AccessRecorder;
}

/** Apollo Server over the gateway's schema, started; its plugins in the order a request meets them. */
export async function startGraphQLServer({ schema, config, log, metrics, auditTrail }: GraphQLServerParts): Promise<ApolloServer<RequestContext>> {
  const formatError = formatErrorFor(config.production);
  const limits = operationLimits(schema, config.operationLimits);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    plugins: [
      // The default landing page loads Apollo Sandbox from a CDN; nothing may load from outside.
      ApolloServerPluginLandingPageDisabled(),
      // Its HTTP cache hints serve no caller here (every answer is no-store), and it hooks into the
      // resolution of every field.
      ApolloServerPluginCacheControlDisabled(),
      useRequestDetails(),
      limits.plugin,
      useAccessControl(new ScopeRules(schema)),
      useStaleAnswers(),
      useAuditTrail(auditTrail, () => metrics.error(ErrorCode.AUDIT_UNAVAILABLE)),
      useHttpStatuses(),
    ],
    validationRules: [queriesOnlyRule, ...limits.validationRules],
    formatError: (formatted, error) => {
      const answered = formatError(formatted, error);
      metrics.error(String(answered.extensions?.code));
      return answered;
    },
    includeStacktraceInErrorResponses: false,
    // Every request names its consumer with a bearer credential, which no browser sends cross-site
    // without a CORS preflight the gateway never grants: Apollo's own CSRF check adds nothing.
    csrfPrevention: false,
    // Automatic persisted queries would let any caller store documents in the gateway's memory.
    persistedQueries: false,
    // Apollo's own warnings go to the gateway's log, not to the console.
    logger: log,
    introspection: true,
    // Start-up (main.ts) owns SIGINT/SIGTERM; a second handler here raced it and could hang shutdown.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  return apollo;
}
