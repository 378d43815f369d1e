import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { SCOPES, type Scope } from './scopes.js';
import { readTrustedDocuments, type TrustedDocuments } from './trustedDocuments.js';

const apiKeyCredential = z.strictObject({
  type: z.literal('api-key'),
  /** SHA-256 of the key, in hex: the key itself is never stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64 lower-case hex digits of a SHA-256 hash'),
});

const jwtCredential = z.strictObject({
  type: z.literal('jwt'),
  issuer: z.string().min(1),
  audience: z.string().min(1),
  /** Where the issuer's public keys are: a JWKS file (relative to the consumers file) or URL. */
  jwks: z.union([z.strictObject({ file: z.string().min(1) }), z.strictObject({ url: z.url({ protocol: /^https?$/ }) })]),
});

/** How many requests a consumer may send in a window, counted across every replica. */
const rateLimit = z.strictObject({
  requests: z.int().min(1).max(10_000_000),
  perSeconds: z.int().min(1).max(86_400),
});

const consumerEntry = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'must be 2 to 32 lower-case letters, digits or hyphens'),
  institution: z.string().min(1).max(200),
  system: z.string().min(1).max(200),
  credentials: z.array(z.discriminatedUnion('type', [apiKeyCredential, jwtCredential])).min(1),
  scopes: z.array(z.enum(SCOPES)),
  purposes: z.array(z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be 2 to 64 lower-case letters, digits or hyphens')),
  rateLimit,
  ownRecordOnly: z.boolean().default(false),
  developmentOnly: z.boolean().default(false),
  mayHideReads: z.boolean().default(false),
  /** Its registered operations: a manifest file (relative to the consumers file) of documents by hash. */
  trustedDocuments: z.string().min(1).optional(),
  /** It may send nothing but its registered operations. */
  trustedDocumentsOnly: z.boolean().default(false),
});

const consumersFile = z.strictObject({
  /** The file's keys are published (development and synthetic data only). */
  developmentKeys: z.boolean().default(false),
  consumers: z.array(consumerEntry).min(1),
});

type ConsumerEntry = z.infer<typeof consumerEntry>;
export type JwtCredential = z.infer<typeof jwtCredential>;
export type RateLimit = Readonly<z.infer<typeof rateLimit>>;

/** A registered consumer system and its mandate. */
export interface Consumer {
  readonly id: string;
  readonly institution: string;
  readonly system: string;
  readonly scopes: ReadonlySet<Scope>;
  /** The purposes it may read for; an operation reading personal data names one of them. */
  readonly purposes: ReadonlySet<string>;
  readonly rateLimit: RateLimit;
  /** It may read only the citizen its token names as subject (a citizen's own portal). */
  readonly ownRecordOnly: boolean;
  /** Refused in production, whatever its credential: it serves the playground over synthetic data. */
  readonly developmentOnly: boolean;
  /** It may keep a read from the person's own view until a day (`X-Hidden-Until`), as an investigation must. */
  readonly mayHideReads: boolean;
  /** The operations it registered, which it may send by id; null when it registered none. */
  readonly trustedDocuments: TrustedDocuments | null;
  /** It may send its registered operations only, never an operation's text. */
  readonly trustedDocumentsOnly: boolean;
}

/** The consumers file, validated: who may call, with what credentials. */
export interface ConsumerRegistry {
  readonly developmentKeys: boolean;
  readonly consumers: readonly Consumer[];
  /** The consumer an API key hash belongs to. */
  readonly byKeyHash: ReadonlyMap<string, Consumer>;
  /** The token issuers, each with its consumer; JWKS files resolved to absolute paths. */
  readonly jwtIssuers: ReadonlyArray<{ credential: JwtCredential; consumer: Consumer }>;
}

/** The consumers file could not be used; the message names the file and what is wrong, never a key. */
export class ConsumersFileError extends Error {
  override name = 'ConsumersFileError';
}

/** The consumer an API key belongs to, looked up by the key's hash; undefined for an unknown key. */
export function consumerOfApiKey(registry: ConsumerRegistry, key: string): Consumer | undefined {
  return registry.byKeyHash.get(hash('sha256', key, 'hex'));
}

/** The public keys of a token issuer's JWKS file; the error names the file when it holds none. */
export async function readJwksFile(file: string): Promise<JSONWebKeySet> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new ConsumersFileError(`The JWKS file ${file} cannot be read as JSON`);
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new ConsumersFileError(`The JWKS file ${file} holds no "keys" list`);
  return json as JSONWebKeySet;
}

/** Reads and validates the consumers file. */
export async function loadConsumers(file: string): Promise<ConsumerRegistry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConsumersFileError(`The consumers file ${file} cannot be read`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConsumersFileError(`The consumers file ${file} is not valid JSON`);
  }
  const parsed = consumersFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new ConsumersFileError(`The consumers file ${file} is not valid: ${problems.join('; ')}`);
  }
  const dir = path.dirname(file);
  const trusted = new Map<string, TrustedDocuments>();
  for (const entry of parsed.data.consumers) {
    if (!entry.trustedDocuments) continue;
    try {
      trusted.set(entry.id, await readTrustedDocuments(path.resolve(dir, entry.trustedDocuments)));
    } catch (error) {
      throw new ConsumersFileError(`The consumers file ${file} is not valid: consumer ${entry.id}: ${(error as Error).message}`);
    }
  }
  return registryOf(parsed.data.consumers, parsed.data.developmentKeys, trusted, dir, file);
}

function registryOf(
  entries: ConsumerEntry[],
  developmentKeys: boolean,
  trusted: ReadonlyMap<string, TrustedDocuments>,
  dir: string,
  file: string,
): ConsumerRegistry {
  const problem = (message: string) => new ConsumersFileError(`The consumers file ${file} is not valid: ${message}`);
  const consumers: Consumer[] = [];
  const byKeyHash = new Map<string, Consumer>();
  const jwtIssuers: Array<{ credential: JwtCredential; consumer: Consumer }> = [];
  for (const entry of entries) {
    if (consumers.some((known) => known.id === entry.id)) throw problem(`consumer id ${entry.id} appears twice`);
    const consumer: Consumer = {
      id: entry.id,
      institution: entry.institution,
      system: entry.system,
      scopes: new Set(entry.scopes),
      purposes: new Set(entry.purposes),
      rateLimit: entry.rateLimit,
      ownRecordOnly: entry.ownRecordOnly,
      developmentOnly: entry.developmentOnly,
      mayHideReads: entry.mayHideReads,
      trustedDocuments: trusted.get(entry.id) ?? null,
      trustedDocumentsOnly: entry.trustedDocumentsOnly,
    };
    for (const credential of entry.credentials) {
      if (credential.type === 'api-key') {
        if (byKeyHash.has(credential.sha256)) throw problem(`consumer ${entry.id} shares an API key with another consumer`);
        byKeyHash.set(credential.sha256, consumer);
      } else {
        if (jwtIssuers.some((known) => known.credential.issuer === credential.issuer && known.credential.audience === credential.audience)) {
          throw problem(`consumer ${entry.id} shares a token issuer and audience with another consumer`);
        }
        const jwks = 'file' in credential.jwks ? { file: path.resolve(dir, credential.jwks.file) } : credential.jwks;
        jwtIssuers.push({ credential: { ...credential, jwks }, consumer });
      }
    }
    if (entry.trustedDocumentsOnly && !entry.trustedDocuments) throw problem(`consumer ${entry.id} may send its registered operations only, but registers none`);
    // Only a token names a subject, so a consumer limited to its subject's record takes tokens only.
    if (entry.ownRecordOnly && entry.credentials.some((credential) => credential.type !== 'jwt')) {
      throw problem(`consumer ${entry.id} reads its subject's own record only, so it may hold token credentials only`);
    }
    consumers.push(consumer);
  }
  return { developmentKeys, consumers, byKeyHash, jwtIssuers };
}
