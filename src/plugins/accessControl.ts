import type { Plugin } from '@envelop/core';
import { getOperationAST, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Caller } from '../auth/authenticate.js';
import type { Consumer } from '../auth/consumers.js';
import { isPersonalData, satisfies, type ScopeRequirement, type ScopeRules } from '../auth/scopes.js';
import type { RequestContext } from '../context.js';
import { addDays } from '../dates.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { everyField, fixedShape, type SelectedField } from '../operation/selections.js';
import { graphQLErrorOf } from './errorMapping.js';
import { requestSelections, type OperationArgs } from './requestSelections.js';

// What a consumer limited to its subject's own record may not follow: links to other people.
const TO_OTHER_PEOPLE = new Set(['Citizen.household', 'Citizen.father', 'Citizen.mother', 'Citizen.spouse', 'Citizen.children', 'Address.residents']);

/**
 * Refuses, before anything is read, an operation that asks for a field outside the caller's scopes
 * (naming every such field and what would allow it), one that reads personal data without a purpose
 * the caller may read for, and, for a citizen's own portal, one that reaches past its own record.
 */
export function useAccessControl(rules: ScopeRules): Plugin<RequestContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      try {
        checkAccess(rules, args as OperationArgs);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        setResultAndStopExecution({ errors: [graphQLErrorOf(error)] });
      }
    },
  };
}

function checkAccess(rules: ScopeRules, args: OperationArgs): void {
  const { contextValue, schema } = args;
  const { consumer, subject } = contextValue.caller;
  const { refused, personal } = scopeDecision(rules, args);
  if (refused.length > 0) {
    throw forbidden(
      `The consumer ${consumer.id} may not read: ${refused.map(({ path, requirement }) => `${path} (needs ${needs(requirement)})`).join(', ')}`,
      { fields: refused.map(({ path, requirement }) => ({ path, needs: requirement.map((anyOf) => [...anyOf]) })) },
    );
  }
  if (consumer.ownRecordOnly) {
    const beyond = [...everyField(requestSelections(args))].filter((field) => reachesBeyondOwnRecord(schema, field, subject));
    if (beyond.length > 0) {
      throw forbidden(`The consumer ${consumer.id} reads only its subject's own record, not: ${beyond.map((field) => field.path).join(', ')}`, {
        fields: beyond.map((field) => ({ path: field.path })),
      });
    }
  }
  refuseHiddenReadNotAllowed(contextValue.caller, contextValue.today);
  if (personal) refuseWithoutPurpose(contextValue.caller);
}

/** What a consumer's scopes make of an operation's fields: those they do not cover, and whether it reads personal data. */
interface ScopeDecision {
  refused: ReadonlyArray<{ path: string; requirement: ScopeRequirement }>;
  personal: boolean;
}

// An operation whose fields no variable changes is decided once per consumer, while the parser keeps its document.
const DECISIONS = new WeakMap<OperationDefinitionNode, WeakMap<Consumer, ScopeDecision>>();

function scopeDecision(rules: ScopeRules, args: OperationArgs): ScopeDecision {
  const { consumer } = args.contextValue.caller;
  const operation = fixedShape(args.document) ? getOperationAST(args.document, args.operationName) : null;
  const kept = operation && DECISIONS.get(operation)?.get(consumer);
  if (kept) return kept;
  const fields = [...everyField(requestSelections(args))].map((field) => ({ path: field.path, requirement: rules.requirementOf(field) }));
  const decision = {
    refused: fields.filter(({ requirement }) => !satisfies(requirement, consumer.scopes)),
    personal: fields.some(({ requirement }) => isPersonalData(requirement)),
  };
  if (operation) {
    let byConsumer = DECISIONS.get(operation);
    if (!byConsumer) DECISIONS.set(operation, (byConsumer = new WeakMap()));
    byConsumer.set(consumer, decision);
  }
  return decision;
}

/** Refuses a caller that reads personal data without naming a purpose it may read for. */
export function refuseWithoutPurpose({ consumer, purpose }: Caller): void {
  const allowedPurposes = [...consumer.purposes];
  if (purpose === null) {
    throw forbidden(`This request reads personal data: name its purpose in X-Purpose, one of ${allowedPurposes.join(', ')}`, {
      purpose: 'missing',
      allowedPurposes,
    });
  }
  if (!consumer.purposes.has(purpose)) {
    throw forbidden(`The consumer ${consumer.id} may not read for this purpose; its purposes are ${allowedPurposes.join(', ')}`, {
      purpose: 'not allowed',
      allowedPurposes,
    });
  }
}

// How long a read may stay out of a person's view: an investigation's, not forever.
const MAX_HIDDEN_DAYS = 5 * 366;

/** Refuses a caller that asks to keep its reads from the persons read when it may not, or for too long. */
export function refuseHiddenReadNotAllowed({ consumer: { mayHideReads }, hiddenUntil }: Caller, today: string): void {
  if (hiddenUntil === null) return;
  if (!mayHideReads) throw forbidden('This consumer may not keep its reads from the persons read (X-Hidden-Until)', {});
  if (hiddenUntil <= today || hiddenUntil > addDays(today, MAX_HIDDEN_DAYS)) {
    throw new GatewayError(ErrorCode.BAD_REQUEST, `X-Hidden-Until must be a day after today and at most ${MAX_HIDDEN_DAYS} days ahead`);
  }
}

function forbidden(message: string, extensions: Record<string, unknown>): GatewayError {
  return new GatewayError(ErrorCode.FORBIDDEN, message, extensions);
}

function needs(requirement: ScopeRequirement): string {
  return requirement.map((anyOf) => anyOf.join(' or ')).join(' and ');
}

// Its own record is one citizen, looked up by the subject's personal number, and what hangs off it;
// its own access log besides.
function reachesBeyondOwnRecord(schema: GraphQLSchema, field: SelectedField, subject: string | null): boolean {
  const { name } = field.definition;
  if (TO_OTHER_PEOPLE.has(`${field.parentType.name}.${name}`)) return true;
  if (field.parentType !== schema.getQueryType() || name === '__typename' || name === 'myDataAccess') return false;
  return name !== 'citizen' || field.arguments?.personalNumber !== subject;
}
