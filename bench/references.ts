import { compiledScript, startChild, type BenchChild } from './childProcess.js';
import type { BareBodyMessage, BareReport } from './protocol.js';
import type { PeerMode } from './summary.js';

/** The servers that are no gateway: they count nothing, and report only what every process does (`processReport`). */
export type ReferenceMode = 'bare' | 'engine' | PeerMode;

const REFERENCES: Record<ReferenceMode, { label: string; script: string; preload?: string }> = {
  bare: { label: 'bare server', script: './bareProcess.ts' },
  engine: { label: 'engine floor', script: './engineFloorProcess.ts' },
  'postgraphile-v4': { label: 'PostGraphile v4', script: './postgraphileV4Process.ts', preload: './postgraphileV4Graphql.ts' },
  'postgraphile-v5': { label: 'PostGraphile v5', script: './postgraphileV5Process.ts', preload: './promiseWithResolvers.ts' },
};

/** Starts a server that is no gateway with these arguments, `init` its first message. */
export function startReference(
  mode: ReferenceMode,
  { args = [], init, print, runUnder }: { args?: string[]; init?: object; print: (line: string) => void; runUnder?: string[] },
): Promise<BenchChild<BareReport>> {
  const { label, script, preload } = REFERENCES[mode];
  return startChild<BareReport>(script, args, {
    label,
    // graphql-js and Grafast without their development checks, as the gateway runs.
    env: { ...process.env, NODE_ENV: 'production' },
    execArgv: preload ? ['--import', compiledScript(preload).href] : [],
    init,
    print,
    runUnder,
  });
}

/** What the bare server answers every request with. */
export function bareInit(answer: Buffer): BareBodyMessage {
  return { bodyBase64: answer.toString('base64') };
}
