import { ErrorCode, GatewayError } from '../src/errors.js';
import { accessCursor, afterAccess, listOf, pageInfoOf, pageSize } from './arguments.js';
import type { Resolvers } from './types.generated.js';

export const accessResolvers: Resolvers = {
  Query: {
    myDataAccess: async (_, args, context) => {
      const { subject } = context.caller;
      if (subject === null) throw new GatewayError(ErrorCode.FORBIDDEN, "myDataAccess answers a citizen's own portal, whose token names the citizen");
      // One person's log: another's cursor does not open in it.
      const list = listOf('myDataAccess', subject);
      const page = await context.listings.accessLog(subject, context.today, afterAccess(context.cursors, list, args.after), pageSize(args.first));
      return { nodes: page.items, pageInfo: pageInfoOf(page.items, page.hasMore, (last) => accessCursor(context.cursors, list, last)) };
    },
  },

  DataAccess: {
    fields: (record) => record.fieldPaths,
  },
};
