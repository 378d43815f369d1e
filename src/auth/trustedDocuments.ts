import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { ErrorCode, GatewayError } from '../errors.js';
import { ConsumersFileError, type ConsumerRegistry } from './consumers.js';

/** A consumer system's registered operations: its documents by the SHA-256 of their text, in hex. */
export type TrustedDocuments = ReadonlyMap<string, string>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

// The manifests the usual clients write: Apollo's persisted query manifest, or the map of hashes to
// documents of GraphQL Code Generator's client preset and GraphQL Hive.
const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string(), body: z.string().min(1) })),
});
const documentMap = z.record(z.string(), z.string().min(1));

/**
 * Reads a consumer's trusted documents from a manifest file. Every id must be the SHA-256 of its
 * document's text (`sha256:` before it is allowed), so a manifest cannot name one operation and hold
 * another. The error names the file and the id, never a document.
 */
export async function readTrustedDocuments(file: string): Promise<TrustedDocuments> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new Error(`The trusted documents file ${file} cannot be read as JSON`);
  }
  const apollo = apolloManifest.safeParse(json);
  const map = documentMap.safeParse(json);
  const entries = apollo.success ? apollo.data.operations.map(({ id, body }) => [id, body] as const) : map.success ? Object.entries(map.data) : null;
  if (!entries) throw new Error(`The trusted documents file ${file} is neither an Apollo persisted query manifest nor a map of hashes to documents`);
  const documents = new Map<string, string>();
  for (const [id, body] of entries) {
    const digest = hexOf(id);
    if (digest === null || digest !== hash('sha256', body, 'hex')) throw new Error(`The trusted documents file ${file} names document ${id} by a hash that is not the SHA-256 of its text`);
    documents.set(digest, body);
  }
  return documents;
}

/**
 * Refuses to start with a registered operation the schema does not take: a consumer would learn of it
 * only when its request failed. The error names the consumer, the id and what is wrong.
 */
export function refuseInvalidTrustedDocuments(schema: GraphQLSchema, registry: ConsumerRegistry, file: string): void {
  const problems = registry.consumers.flatMap((consumer) =>
    [...(consumer.trustedDocuments ?? [])].flatMap(([id, body]) => {
      try {
        return validate(schema, parse(body)).map((error) => `consumer ${consumer.id}, document ${id}: ${error.message}`);
      } catch (error) {
        return [`consumer ${consumer.id}, document ${id}: ${(error as Error).message}`];
      }
    }),
  );
  if (problems.length > 0) throw new ConsumersFileError(`The consumers file ${file} registers operations the graph does not take: ${problems.join('; ')}`);
}

/** What a request names instead of sending its operation's text. */
export interface DocumentReference {
  /** The document's SHA-256 in hex, or null when the reference is not one. */
  readonly id: string | null;
}

/**
 * The operation a request names by reference: `documentId` (`sha256:<hex>` or the bare hex, as the
 * GraphQL over HTTP persisted documents proposal has it), or an Apollo `persistedQuery` extension sent
 * without the text. Null when the request sends its text, or names nothing.
 */
export function documentReferenceOf(request: { query?: unknown; documentId?: unknown; extensions?: unknown }): DocumentReference | null {
  if (request.documentId !== undefined) {
    if (request.query !== undefined) throw new GatewayError(ErrorCode.BAD_REQUEST, 'Send an operation\'s text or its documentId, not both');
    return { id: typeof request.documentId === 'string' ? hexOf(request.documentId) : null };
  }
  if (request.query !== undefined) return null;
  const persisted = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (persisted === undefined) return null;
  return { id: typeof persisted.sha256Hash === 'string' ? hexOf(persisted.sha256Hash) : null };
}

/**
 * The text of the document `reference` names among `documents`; refused with TRUSTED_DOCUMENT_NOT_FOUND
 * when the consumer registered none by that id.
 */
export function trustedDocument(consumerId: string, documents: TrustedDocuments | null, reference: DocumentReference): string {
  const body = reference.id === null ? undefined : documents?.get(reference.id);
  if (body === undefined) {
    throw new GatewayError(ErrorCode.TRUSTED_DOCUMENT_NOT_FOUND, `The consumer ${consumerId} registered no operation with this id`);
  }
  return body;
}

// The hex digest an id carries, with or without its `sha256:` prefix; null when it is not one.
function hexOf(id: string): string | null {
  const digest = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return SHA256_HEX.test(digest) ? digest : null;
}
