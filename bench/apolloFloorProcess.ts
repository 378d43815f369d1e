import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify from 'fastify';
import { firstParentMessage, serveParent } from './parentChannel.js';
import type { BareReport, FloorCitizenMessage } from './protocol.js';

// A reference for scenario (a): Apollo Server alone on the gateway's HTTP framework, over the citizen
// query's types, answering every request with one citizen held in memory. No loaders, cache, context
// or logging: what the GraphQL server itself allows on this machine, between the gateway and the bare
// HTTP ceiling.
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

const app = Fastify();
app.post('/graphql', fastifyApolloHandler(apollo));
const url = await app.listen({ port: 0, host: '127.0.0.1' });

serveParent(
  `${url}/graphql`,
  (): BareReport => ({ maxRssKb: process.resourceUsage().maxRSS }),
  async () => {
    await app.close();
    await apollo.stop();
  },
);
