import type { Logger } from 'pino';
import type { AuditStore } from './audit/auditStore.js';
import { SubjectNotes } from './audit/subjectNotes.js';
import { Staleness } from './cache/staleness.js';
import type { CursorSeal } from './cursors.js';
import type { Caller } from './auth/authenticate.js';
import type { IsoDate } from './domain.js';
import { createListings, type Listings } from './listings/index.js';
import { createLoaders, forgetLoaded, type Fetchers, type LoaderOptions, type Loaders } from './loaders/index.js';
import type { SelectedField } from './operation/selections.js';
import type { Sources } from './sources/index.js';

/** What every resolver of one request receives. */
// A type, not an interface, so that it is an object graphql-http may carry as an operation's context.
export type RequestContext = {
  /** Facts about the request itself, as the HTTP edge reads them once it is answered. */
  readonly request: RequestFacts;
  /** The consumer system calling, and the purpose it reads for. */
  readonly caller: Caller;
  readonly log: RequestLog;
  /** The calendar day the request is answered on. */
  readonly today: IsoDate;
  readonly loaders: Loaders;
  readonly listings: Listings;
  /** Seals the positions pages end at into cursors, and opens them. */
  readonly cursors: CursorSeal;
  /** Whose data each object of the answer holds: what the audit trail records by. */
  readonly subjects: SubjectNotes;
  /** Whether the answer used cache entries past their time, while their registry could not be read. */
  readonly staleness: Staleness;
  /** The fields the operation selects, once it is known: walked once, read by access control, cost and the audit trail. */
  selections: readonly SelectedField[] | null;
};

/** The request's own logger: its lines carry the request id. */
export type RequestLog = Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;

/** What the HTTP layer logs about a request once it is answered. */
export interface RequestFacts {
  readonly id: string;
  /** Set once the operation is known. */
  operationName: string | null;
  /** The code of the first error of an answer refused (errors and no data), which its HTTP status follows; null otherwise. */
  refusal: string | null;
}

/** The long-lived parts a request context is built from. */
export interface ContextDependencies {
  sources: Sources;
  /** The audit trail, for a citizen's own access log. */
  auditStore: AuditStore;
  fetchers: Fetchers;
  /** Whether the fetchers read through a cache. */
  cached: boolean;
  loaderOptions?: LoaderOptions;
  cursors: CursorSeal;
  /** The current day; tests fix it. */
  today: () => IsoDate;
}

/** Builds the context of one request: fresh loaders, so nothing is shared between callers. */
export function createRequestContext(deps: ContextDependencies, requestId: string, caller: Caller, log: RequestLog): RequestContext {
  const staleness = new Staleness();
  const loaders = createLoaders(deps.fetchers, deps.loaderOptions, staleness);
  return {
    request: { id: requestId, operationName: null, refusal: null },
    caller,
    log,
    today: deps.today(),
    loaders,
    listings: createListings(deps.sources, deps.auditStore, loaders, deps.cached),
    cursors: deps.cursors,
    subjects: new SubjectNotes(),
    staleness,
    selections: null,
  };
}

/**
 * Lets go of what the execution used, once its answer and its access record are made: what the
 * loaders loaded, the notes of whose data is where, the selections. A long answer waiting for its
 * record's commit then holds none of them: they die young instead of outliving two scavenges and
 * being promoted, to be collected by the old generation's slower collections.
 */
export function releaseExecution(context: RequestContext): void {
  forgetLoaded(context.loaders);
  context.subjects.clear();
  context.selections = null;
}
