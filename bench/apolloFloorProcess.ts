import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { headerMapOf, readBody, sendGraphQL } from '../src/http.js';
import { firstParentMessage, serveParent } from './parentChannel.js';
import type { BareReport, FloorCitizenMessage } from './protocol.js';

// A reference for scenario (a): Apollo Server alone, over the citizen query's types, answering every
// request with one citizen held in memory. No loaders, cache, context or logging: what the GraphQL
// server itself allows on this machine, between the gateway and the bare HTTP ceiling.
const { citizen } = (await firstParentMessage()) as FloorCitizenMessage;

const apollo = new ApolloServer({
  typeDefs: /* GraphQL */ `
    scalar PersonalNumber
    type Citizen { personalNumber: PersonalNumber firstName: String lastName: String dateOfBirth: String status: String }
    type Query { citizen(personalNumber: PersonalNumber!): Citizen }
  `,
  resolvers: { Query: { citizen: () => citizen } },
  plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
});
await apollo.start();

const server = http.createServer((request, response) => {
  void readBody(request)
    .then(async (body) => {
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'POST', headers: headerMapOf(request), search: '', body: JSON.parse(body ?? '{}') },
        context: async () => ({}),
      });
      await sendGraphQL(response, result);
    })
    .catch(() => response.destroy());
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serveParent(
  `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
  (): BareReport => ({ maxRssKb: process.resourceUsage().maxRSS }),
  async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await apollo.stop();
  },
);
