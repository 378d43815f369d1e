import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** A V8 CPU profile as `--cpu-prof` writes it: the call tree's nodes, and which node each sample hit. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a process spent its CPU: milliseconds per part, the busiest first, idle time left out. */
export interface ProfileSummary {
  busyMs: number;
  parts: Array<{ part: string; ms: number }>;
}

/**
 * The CPU profile of a child's main thread in `dir` (the largest file there: the loader's thread
 * writes one too), summed by part: a package of node_modules, a folder of the gateway's sources, a
 * module of Node.js itself, or what V8 names (garbage collector, program).
 */
export async function summariseProfile(dir: string): Promise<ProfileSummary | null> {
  const files = (await readdir(dir).catch(() => [])).filter((file) => file.endsWith('.cpuprofile'));
  if (files.length === 0) return null;
  const sized = await Promise.all(files.map(async (file) => ({ file, size: (await stat(path.join(dir, file))).size })));
  const largest = sized.reduce((a, b) => (b.size > a.size ? b : a)).file;
  const profile = JSON.parse(await readFile(path.join(dir, largest), 'utf8')) as CpuProfile;
  const partOf = new Map(profile.nodes.map((node) => [node.id, partOfFrame(node.callFrame)]));
  const micros = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const part = partOf.get(id)!;
    micros.set(part, (micros.get(part) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  micros.delete('(idle)');
  const parts = [...micros].map(([part, us]) => ({ part, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  return { busyMs: parts.reduce((sum, { ms }) => sum + ms, 0), parts };
}

/** The first `top` parts of a summary, as lines: each part's share of the busy time and its milliseconds. */
export function profileLines(summary: ProfileSummary, top: number): string[] {
  return summary.parts
    .slice(0, top)
    .map(({ part, ms }) => `${((100 * ms) / summary.busyMs).toFixed(1).padStart(5)} %  ${Math.round(ms).toLocaleString('en').padStart(7)} ms  ${part}`);
}

// The part of the process a frame belongs to.
function partOfFrame({ functionName, url }: { functionName: string; url: string }): string {
  if (!url) return `(${functionName || 'native'})`.replace(/^\(\((.*)\)\)$/, '($1)');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('node:')) return url;
  const own = /\/(src|bench|resolvers)\/((?:[^/]+\/)?)[^/]*$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}
