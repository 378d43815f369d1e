import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { importJWK, SignJWT, type JWK } from 'jose';
import { consumerOfApiKey, type ConsumerRegistry } from '../auth/consumers.js';
import { DEVELOPMENT_KEYS_FILE, DEVELOPMENT_SIGNING_KEY_SUFFIX } from '../auth/developmentCredentials.js';
import type { SeedTargets } from '../seed/index.js';
import { seededByGateway } from '../seed/marker.js';
import type { Sources } from '../sources/index.js';
import { projectFile } from '../projectFiles.js';
import { examplesFor, PLACEHOLDER_INPUTS, syntheticInputs, type Example, type ExampleInputs } from './examples.js';

interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

const require = createRequire(import.meta.url);
const installed = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

// What the page loads, by the name it asks for: GraphiQL's ready bundle and the React it runs on,
// from the installed packages, and the start script of the gateway's own.
const ASSET_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  'graphiql.min.css': { file: installed('graphiql', 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
  'graphiql.min.js': { file: installed('graphiql', 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  'react.production.min.js': { file: installed('react', 'umd/react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { file: installed('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'start.js': { file: projectFile('playground', 'start.js'), type: 'text/javascript; charset=utf-8' },
};

// The page may load from the gateway alone: the browser itself refuses anything else.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
].join('; ');

// How long a token the page carries stays valid: a working day of trying things out.
const DEVELOPMENT_TOKEN_LIFETIME = '12h';

export interface PlaygroundOptions {
  consumers: ConsumerRegistry;
  consumersFile: string;
  production: boolean;
  /** The registries' URLs: examples read real keys only from SQLite registries this gateway seeded. */
  registries: SeedTargets;
  sources: Sources;
  today: () => string;
}

/**
 * GraphiQL, served by the gateway from installed packages, with a tab per example operation of the
 * consumers of the seed documents. Over synthetic data (published development keys, not production,
 * SQLite registries with the seeder's marker) each tab carries its consumer's development key and
 * keys that answer; otherwise placeholders.
 */
export class Playground {
  #examples: Promise<{ inputs: ExampleInputs; keys: Map<string, string> }> | null = null;

  private constructor(
    private readonly assets: ReadonlyMap<string, Asset>,
    private readonly options: PlaygroundOptions,
  ) {}

  static async create(options: PlaygroundOptions): Promise<Playground> {
    const assets = new Map<string, Asset>();
    for (const [name, { file, type }] of Object.entries(ASSET_FILES)) assets.set(name, { body: await readFile(file), type });
    return new Playground(assets, options);
  }

  /** Answers the page. */
  async sendPage(reply: FastifyReply): Promise<FastifyReply> {
    // The keys and inputs are read once; tokens are signed afresh for each page.
    this.#examples ??= this.#readExamples().catch((error: unknown) => {
      this.#examples = null;
      throw error;
    });
    const { inputs, keys } = await this.#examples;
    const page = await this.#render(inputs, keys);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(page);
  }

  /** The page at `/` and each asset at `/playground/<name>`. */
  routes(): FastifyPluginAsync {
    return async (app) => {
      app.get('/', (_, reply) => this.sendPage(reply));
      for (const [name, asset] of this.assets) {
        app.get(`/playground/${name}`, (_, reply) =>
          reply
            .type(asset.type)
            .header('x-content-type-options', 'nosniff')
            // The same for every caller and every start of this version: browsers may keep it for a day.
            .header('cache-control', 'public, max-age=86400')
            .send(asset.body),
        );
      }
    };
  }

  async #readExamples(): Promise<{ inputs: ExampleInputs; keys: Map<string, string> }> {
    const keys = await this.#developmentKeys();
    const inputs = keys.size > 0 ? await syntheticInputs(this.options.sources, this.options.today()) : PLACEHOLDER_INPUTS;
    return { inputs, keys };
  }

  async #render(inputs: ExampleInputs, apiKeys: ReadonlyMap<string, string>): Promise<string> {
    const keys = new Map(apiKeys);
    if (keys.size > 0 && inputs.personalNumbers[0]) {
      for (const [id, token] of await this.#developmentTokens(inputs.personalNumbers[0])) keys.set(id, token);
    }
    const examples = examplesFor(inputs).map((example) => ({ ...example, headers: headersOf(example, keys.get(example.consumer)) }));
    const developer = keys.get('developer');
    return pageOf({ endpoint: '/graphql', schemaHeaders: developer ? { Authorization: `Bearer ${developer}` } : {}, examples });
  }

  // The published keys, where the consumers file says its keys are published, the gateway does not
  // run in production, and the registries are synthetic ones it seeded itself (a page showing a key
  // and people's numbers over real registries would hand both to whoever opens it); each key only
  // if it is the key the file registers for that consumer.
  async #developmentKeys(): Promise<Map<string, string>> {
    const { consumers, consumersFile, production, registries } = this.options;
    const keys = new Map<string, string>();
    if (production || !consumers.developmentKeys || !(await seededByGateway(registries))) return keys;
    let published: Record<string, unknown>;
    try {
      published = JSON.parse(await readFile(path.join(path.dirname(consumersFile), DEVELOPMENT_KEYS_FILE), 'utf8')) as Record<string, unknown>;
    } catch {
      return keys;
    }
    for (const [id, key] of Object.entries(published)) {
      if (typeof key === 'string' && consumerOfApiKey(consumers, key)?.id === id) keys.set(id, key);
    }
    return keys;
  }

  // A consumer that reads its subject's own record takes tokens: where its issuer's signing key is
  // published beside the consumers file, a token for `subject`, the person the other examples read.
  async #developmentTokens(subject: string): Promise<Map<string, string>> {
    const tokens = new Map<string, string>();
    for (const { credential, consumer } of this.options.consumers.jwtIssuers) {
      if (!consumer.ownRecordOnly) continue;
      let jwk: JWK;
      try {
        jwk = JSON.parse(await readFile(path.join(path.dirname(this.options.consumersFile), `${consumer.id}${DEVELOPMENT_SIGNING_KEY_SUFFIX}`), 'utf8')) as JWK;
      } catch {
        continue;
      }
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: jwk.alg ?? 'ES256', ...(jwk.kid ? { kid: jwk.kid } : {}) })
        .setSubject(subject)
        .setIssuer(credential.issuer)
        .setAudience(credential.audience)
        .setIssuedAt()
        .setExpirationTime(DEVELOPMENT_TOKEN_LIFETIME)
        .sign(await importJWK(jwk, jwk.alg ?? 'ES256'));
      tokens.set(consumer.id, token);
    }
    return tokens;
  }
}

function headersOf(example: Example, key: string | undefined): Record<string, string> {
  const credential = key ?? (example.consumer === 'citizen-portal' ? '<a token the citizen portal issued>' : `<the API key of ${example.consumer}>`);
  return { Authorization: `Bearer ${credential}`, ...(example.purpose ? { 'X-Purpose': example.purpose } : {}), ...example.headers };
}

function pageOf(settings: { endpoint: string; schemaHeaders: Record<string, string>; examples: Array<Example & { headers: Record<string, string> }> }): string {
  // JSON inside a script element: no `<` may close it early.
  const json = JSON.stringify(settings).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>National data gateway: playground</title>
<link rel="stylesheet" href="/playground/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script id="playground-settings" type="application/json">${json}</script>
<script src="/playground/react.production.min.js"></script>
<script src="/playground/react-dom.production.min.js"></script>
<script src="/playground/graphiql.min.js"></script>
<script src="/playground/start.js"></script>
</body>
</html>
`;
}
