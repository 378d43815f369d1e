import type { IncomingHttpHeaders } from 'node:http';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { parseIsoDate } from '../dates.js';
import { isPersonalNumber, type IsoDate } from '../domain.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { consumerOfApiKey, readJwksFile, type Consumer, type ConsumerRegistry, type JwtCredential } from './consumers.js';

/** Who is calling and why: the consumer its credential names, and what the request says of its purpose. */
export interface Caller {
  readonly consumer: Consumer;
  /** The personal number a token was issued for (a citizen's own portal); null for an API key. */
  readonly subject: string | null;
  /** Why it reads: from the token's `purpose` claim, or the `X-Purpose` header. */
  readonly purpose: string | null;
  /** The law or article it reads under (`X-Legal-Basis`). */
  readonly legalBasis: string | null;
  /** Its case, file or ticket number (`X-Case-Reference`), as X-Road's issue. */
  readonly caseReference: string | null;
  /** Until when its reads stay out of the person's own view (`X-Hidden-Until`). */
  readonly hiddenUntil: IsoDate | null;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
// Tokens may be a little early or late by the issuer's clock.
const CLOCK_TOLERANCE_SECONDS = 30;
const PURPOSE = /^[a-z][a-z0-9-]{1,63}$/;
const HEADER_TEXT = /^[\p{L}\p{N} .,:;/()§'’-]+$/u;

/** Names the consumer behind a request's credential: an API key (by its hash) or a token (by its issuer's keys). */
export class Authenticator {
  readonly #registry: ConsumerRegistry;
  readonly #production: boolean;
  readonly #keySets: Map<JwtCredential, JWTVerifyGetKey>;

  private constructor(registry: ConsumerRegistry, production: boolean, keySets: Map<JwtCredential, JWTVerifyGetKey>) {
    this.#registry = registry;
    this.#production = production;
    this.#keySets = keySets;
  }

  /** Prepares the issuers' key sets: JWKS files are read now, JWKS URLs fetched on first use and cached. */
  static async create(registry: ConsumerRegistry, production: boolean): Promise<Authenticator> {
    const keySets = new Map<JwtCredential, JWTVerifyGetKey>();
    for (const { credential } of registry.jwtIssuers) {
      const keys = 'file' in credential.jwks
        ? createLocalJWKSet(await readJwksFile(credential.jwks.file))
        : createRemoteJWKSet(new URL(credential.jwks.url));
      keySets.set(credential, keys);
    }
    return new Authenticator(registry, production, keySets);
  }

  /**
   * The caller of a request; throws UNAUTHENTICATED without a valid credential, BAD_REQUEST for a
   * malformed header. Never says which part of a credential was wrong.
   */
  async authenticate(headers: IncomingHttpHeaders): Promise<Caller> {
    const metadata = requestMetadata(headers);
    const credential = bearerCredential(headers.authorization);
    if (credential === null) throw unauthenticated('A credential is required: Authorization: Bearer <API key or token>');
    const identified = JWT_SHAPE.test(credential) ? await this.#fromToken(credential) : this.#fromApiKey(credential);
    if (identified === null) throw unauthenticated('The credential is not valid');
    if (identified.consumer.developmentOnly && this.#production) {
      throw unauthenticated('This credential serves development over synthetic data and is refused in production');
    }
    // Spelled out: a spread that adds properties gives every caller a hidden class of its own in V8.
    const { consumer, subject } = identified;
    const { legalBasis, caseReference, hiddenUntil } = metadata;
    return { consumer, subject, purpose: identified.purpose ?? metadata.purpose, legalBasis, caseReference, hiddenUntil };
  }

  #fromApiKey(key: string): Pick<Caller, 'consumer' | 'subject' | 'purpose'> | null {
    const consumer = consumerOfApiKey(this.#registry, key);
    return consumer ? { consumer, subject: null, purpose: null } : null;
  }

  async #fromToken(token: string): Promise<Pick<Caller, 'consumer' | 'subject' | 'purpose'> | null> {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return null;
    }
    for (const { credential, consumer } of this.#registry.jwtIssuers) {
      if (credential.issuer !== issuer) continue;
      try {
        const { payload } = await jwtVerify(token, this.#keySets.get(credential)!, {
          issuer: credential.issuer,
          audience: credential.audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp'],
        });
        const subject = typeof payload.sub === 'string' ? payload.sub : null;
        if (consumer.ownRecordOnly && (subject === null || !isPersonalNumber(subject))) return null;
        const purpose = typeof payload.purpose === 'string' && PURPOSE.test(payload.purpose) ? payload.purpose : null;
        return { consumer, subject, purpose };
      } catch {
        // Another consumer may share the issuer with another audience.
      }
    }
    return null;
  }
}

/** The credential of an `Authorization: Bearer <credential>` header, or null. */
export function bearerCredential(authorization: string | undefined): string | null {
  return BEARER.exec(authorization ?? '')?.[1] ?? null;
}

function unauthenticated(message: string): GatewayError {
  return new GatewayError(ErrorCode.UNAUTHENTICATED, message);
}

/** The purpose, legal basis and case reference a request declares; BAD_REQUEST when one is malformed. */
function requestMetadata(headers: IncomingHttpHeaders): Pick<Caller, 'purpose' | 'legalBasis' | 'caseReference' | 'hiddenUntil'> {
  const purpose = single(headers['x-purpose']);
  const hidden = single(headers['x-hidden-until']);
  const hiddenUntil = hidden === null ? null : parseIsoDate(hidden);
  if (hidden !== null && hiddenUntil === null) throw badHeader('X-Hidden-Until must be a calendar day, YYYY-MM-DD');
  const legalBasis = single(headers['x-legal-basis']);
  const caseReference = single(headers['x-case-reference']);
  // The refusals name the header, never repeat its value.
  if (purpose !== null && !PURPOSE.test(purpose)) throw badHeader('X-Purpose must be a purpose id such as payroll-verification');
  if (legalBasis !== null && !(legalBasis.length <= 200 && HEADER_TEXT.test(legalBasis))) {
    throw badHeader('X-Legal-Basis must be at most 200 letters, digits, spaces and punctuation');
  }
  if (caseReference !== null && !(caseReference.length <= 100 && HEADER_TEXT.test(caseReference))) {
    throw badHeader('X-Case-Reference must be at most 100 letters, digits, spaces and punctuation');
  }
  return { purpose, legalBasis, caseReference, hiddenUntil };
}

function badHeader(message: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_REQUEST, message);
}

function single(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text.trim() === '' ? null : text.trim();
}
