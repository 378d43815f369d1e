import type { AccessRecord } from '../src/audit/records.js';
import type { RequestContext } from '../src/context.js';
import { ErrorCode, GatewayError } from '../src/errors.js';
import { accessCursor, afterAccess, pageSize } from './arguments.js';

export const accessResolvers = {
  Query: {
    myDataAccess: async (_: unknown, args: { first?: number | null; after?: string | null }, context: RequestContext) => {
      const { subject } = context.caller;
      if (subject === null) throw new GatewayError(ErrorCode.FORBIDDEN, "myDataAccess answers a citizen's own portal, whose token names the citizen");
      const page = await context.listings.accessLog(subject, context.today, afterAccess(args.after), pageSize(args.first));
      const last = page.items[page.items.length - 1];
      return { nodes: page.items, pageInfo: { endCursor: last ? accessCursor(last.seq) : null, hasNextPage: page.hasMore } };
    },
  },

  DataAccess: {
    fields: (record: AccessRecord) => record.fieldPaths,
  },
};
