import type { IncomingMessage } from 'node:http';
import { envelop, useEngine, useSchema, type Plugin } from '@envelop/core';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { useParserCache } from '@envelop/parser-cache';
import { execute, getOperationAST, GraphQLError, parse, Source, specifiedRules, subscribe, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import { createHandler, type Handler, type RequestHeaders } from 'graphql-http';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { AccessRecorder } from './audit/auditTrail.js';
import { ScopeRules } from './auth/scopes.js';
import type { Config } from './config.js';
import type { RequestContext } from './context.js';
import { withoutPersonalNumbers } from './domain.js';
import { ErrorCode } from './errors.js';
import type { GatewayMetrics } from './metrics.js';
import { useAccessControl } from './plugins/accessControl.js';
import { AnswerText } from './plugins/answerText.js';
import { useAuditTrail } from './plugins/auditTrail.js';
import { inOneStep } from './plugins/oneStep.js';
import { codeOf, formatErrorFor, graphQLErrorOf, useExecutionErrorCodes, withCode } from './plugins/errorMapping.js';
import { operationLimits, tokensOverLimit } from './plugins/operationLimits.js';
import { queriesOnlyRule } from './plugins/queriesOnly.js';
import { useRequestDetails } from './plugins/requestDetails.js';
import { useStaleAnswers } from './plugins/staleAnswers.js';

/** What the GraphQL engine is given. */
export interface GraphQLServerParts {
  schema: GraphQLSchema;
  config: Config;
  log: Logger;
  metrics: GatewayMetrics;
  auditTrail: AccessRecorder;
}

/** Answers a GraphQL request over HTTP: its body (null for a bare refusal) and its status and headers. */
export type GraphQLServer = Handler<IncomingMessage, RequestContext>;

// The documents the parser keeps, and its refusals, by their text: bounded by the text kept as well
// as by count, since one document may be as long as a request body.
const PARSED_DOCUMENTS = 1000;
const PARSED_TEXT_CHARACTERS = 16 * 1024 * 1024;

/**
 * The GraphQL engine: graphql-http speaks GraphQL over HTTP (parameters, media types), envelop runs
 * the operation through the gateway's plugins, in the order a request meets them. A document is
 * counted, parsed, validated and compiled (graphql-jit) once, then kept; a request runs the compiled query.
 */
export function createGraphQLServer({ schema, config, log, metrics, auditTrail }: GraphQLServerParts): GraphQLServer {
  const limits = operationLimits(schema, config.operationLimits);
  const getEnveloped = envelop({
    plugins: [
      useEngine({ parse: parseWithin(config.operationLimits), validate, specifiedRules, execute, subscribe }),
      useSchema(schema),
      useParserCache({ documentCache: parsedByText(), errorCache: parsedByText() }),
      useValidationRules([queriesOnlyRule, ...limits.validationRules]),
      useValidationPerDocument(),
      // A document graphql-jit cannot compile is answered as a fault (INTERNAL_SERVER_ERROR); the
      // operators hear of it in the gateway's log, not on the console.
      useGraphQlJit({}, { onError: (result) => log.error({ errors: result.errors?.length ?? 0 }, 'graphql-jit could not compile an operation') }),
      inOneStep([
        useExecutionErrorCodes(),
        useRequestDetails(),
        limits.plugin,
        useAccessControl(new ScopeRules(schema)),
        useStaleAnswers(),
        useAuditTrail(auditTrail, () => metrics.error(ErrorCode.AUDIT_UNAVAILABLE)),
      ]),
    ],
  });
  // The plugins keep nothing in envelop's own context (each request's travels in the execution's
  // arguments), so one set of the enveloped functions serves every request.
  const enveloped = getEnveloped();
  const formatError = formatErrorFor(config.production);

  return createHandler<IncomingMessage, RequestContext, RequestContext>({
    schema,
    onSubscribe(request, params) {
      const context = request.context;
      const refused = (errors: GraphQLError[]) => {
        context.request.refusal = codeOf(errors[0]!);
        return errors;
      };
      // The gateway keeps no documents a caller sends it: registered operations go by `documentId`.
      if (params.extensions?.persistedQuery !== undefined) {
        return refused([new GraphQLError('Persisted queries are not served', { extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED } })]);
      }
      let document: DocumentNode;
      try {
        document = enveloped.parse(params.query);
      } catch (error: unknown) {
        if (!(error instanceof GraphQLError)) throw error;
        return refused([withCode(error, ErrorCode.GRAPHQL_PARSE_FAILED)]);
      }
      const invalid = enveloped.validate(schema, document) as readonly GraphQLError[];
      if (invalid.length > 0) return refused(invalid.map((error) => withCode(error, ErrorCode.GRAPHQL_VALIDATION_FAILED)));
      const operation = getOperationAST(document, params.operationName);
      if (!operation) {
        const message = params.operationName ? `Unknown operation named "${params.operationName}".` : 'Must provide operation name if query contains multiple operations.';
        return refused([new GraphQLError(message, { extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE } })]);
      }
      context.request.operationName = operation.name ? withoutPersonalNumbers(operation.name.value) : null;
      return { schema, document, operationName: params.operationName ?? null, variableValues: params.variables ?? null, contextValue: context };
    },
    async execute(args) {
      const result = (await enveloped.execute(args)) as ExecutionResult;
      const [first] = result.errors ?? [];
      if (result.data === undefined && first) (args.contextValue as RequestContext).request.refusal = codeOf(first);
      return result;
    },
    // graphql-http writes an answer with a JSON replacer that visits every value in it, for the errors'
    // sake: an answer without errors is written without one, at half the cost for a long answer, or
    // was already written by the audit trail.
    onOperation(request, _args, result) {
      const answer = result as ExecutionResult | AnswerText;
      if (answer.errors?.length) return undefined;
      const json = answer instanceof AnswerText ? answer.json : JSON.stringify(answer);
      return [json, { status: 200, statusText: 'OK', headers: { 'content-type': answerMediaType(request.headers) } }];
    },
    formatError(error) {
      const formatted = formatError(error);
      metrics.error(String(formatted.extensions?.code));
      return formatted as GraphQLError;
    },
  });
}

// The parser, handed only documents within the token limit. A document too long is refused before
// the parser meets it, with its count; one the parser cache holds is not counted again.
function parseWithin(limits: Config['operationLimits']): typeof parse {
  return (source, options) => {
    const tooLong = tokensOverLimit(source instanceof Source ? source.body : source, limits);
    if (tooLong) throw graphQLErrorOf(tooLong);
    return parse(source, options);
  };
}

function parsedByText<V extends object>(): LRUCache<string, V> {
  return new LRUCache<string, V>({ max: PARSED_DOCUMENTS, maxSize: PARSED_TEXT_CHARACTERS, sizeCalculation: (_value, text) => Math.max(text.length, 1) });
}

// A document's validation, kept on the parsed document: the parser cache hands back the same document
// for the same text, and a running gateway's schema and rules never change. Nothing is built from
// the document's text per request.
export function useValidationPerDocument(): Plugin {
  const results = new WeakMap<DocumentNode, readonly Error[]>();
  return {
    onValidate({ params, setResult }) {
      const known = results.get(params.documentAST);
      if (known) return setResult(known);
      return ({ result }) => void results.set(params.documentAST, result);
    },
  };
}

// The gateway's own validation rules, beside graphql-js's.
function useValidationRules(rules: readonly ValidationRule[]): Plugin {
  return {
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

/**
 * The media type graphql-http answers in for these request headers, by its own rule: the first of
 * the accepted types it serves, application/json for a wildcard; a request that accepts neither was
 * refused before its operation ran.
 */
function answerMediaType(headers: RequestHeaders): string {
  const accept = (typeof headers.get === 'function' ? headers.get('accept') : (headers as Record<string, string | undefined>).accept) ?? '*/*';
  for (const entry of accept.replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = entry.split(';');
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (mediaType === 'application/graphql-response+json' && charset === 'charset=utf-8') return 'application/graphql-response+json; charset=utf-8';
    if ((mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*') && (charset === 'charset=utf-8' || charset === 'charset=utf8')) {
      return 'application/json; charset=utf-8';
    }
  }
  return 'application/json; charset=utf-8';
}
