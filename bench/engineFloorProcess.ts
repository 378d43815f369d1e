import { envelop, useEngine, useSchema } from '@envelop/core';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { useParserCache } from '@envelop/parser-cache';
import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify from 'fastify';
import { execute, parse, specifiedRules, subscribe, validate, type DocumentNode } from 'graphql';
import { createHandler } from 'graphql-http';
import { useValidationPerDocument } from '../src/graphqlServer.js';
import { firstParentMessage, processReport, serveParent } from './parentChannel.js';
import type { FloorCitizenMessage } from './protocol.js';

// A reference for scenario (a): the gateway's GraphQL engine alone (graphql-http, envelop with its
// parse and validation caches, graphql-jit) on its HTTP framework, over the citizen query's types,
// answering every request with one citizen held in memory. No credential, limits, loaders, cache,
// trail or logging: what the engine itself allows on this machine, between the gateway and the bare
// HTTP ceiling.
const { citizen } = (await firstParentMessage()) as FloorCitizenMessage;

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    scalar PersonalNumber
    type Citizen { personalNumber: PersonalNumber firstName: String lastName: String dateOfBirth: String status: String }
    type Query { citizen(personalNumber: PersonalNumber!): Citizen }
  `,
  resolvers: { Query: { citizen: () => citizen } },
});
const engine = envelop({ plugins: [useEngine({ parse, validate, specifiedRules, execute, subscribe }), useSchema(schema), useParserCache(), useValidationPerDocument(), useGraphQlJit()] })();
const handler = createHandler({
  schema,
  onSubscribe(_, params) {
    const document = engine.parse(params.query) as DocumentNode;
    const invalid = engine.validate(schema, document);
    return invalid.length > 0 ? invalid : { schema, document, operationName: params.operationName ?? null, variableValues: params.variables ?? null };
  },
  execute: (args) => engine.execute(args),
});

const app = Fastify();
app.post('/graphql', async (request, reply) => {
  const [body, init] = await handler({ method: request.method, url: request.url, headers: request.headers, body: request.body as Record<string, unknown>, raw: request.raw, context: null });
  return reply.code(init.status).headers(init.headers ?? {}).send(body);
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });

serveParent(
  `${url}/graphql`,
  processReport,
  () => app.close(),
);
