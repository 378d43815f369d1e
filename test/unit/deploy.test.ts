import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { DEPLOYED_OLD_SPACE_MB, GATEWAY_NODE_FLAGS } from '../../bench/gatewayHeap.js';
import { loadConsumers } from '../../src/auth/consumers.js';
import { refusePublishedCredentials } from '../../src/auth/developmentCredentials.js';
import { loadConfig } from '../../src/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = path.join(ROOT, 'deploy/k8s');
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Every document of every manifest, by kind. */
function manifests(): Map<string, any> {
  const byKind = new Map<string, any>();
  for (const file of readdirSync(DIR).filter((name) => name.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8'))) {
      const manifest = document.toJS();
      byKind.set(manifest.kind, manifest);
    }
  }
  return byKind;
}

describe('the Kubernetes manifests', () => {
  const byKind = manifests();

  it('hold the parts of a deployment, each valid against the Kubernetes API schemas', () => {
    expect([...byKind.keys()].sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'Service']);
    for (const manifest of byKind.values()) {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      expect(() => new Model!(manifest).validate()).not.toThrow();
    }
  });

  it('probe the gateway where it answers: readiness on /readyz, liveness and start-up on /healthz', () => {
    const container = byKind.get('Deployment').spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: Number(byKind.get('ConfigMap').data.PORT) }]);
  });

  it("bound a replica's memory as the bench's gateways run: the old generation Node.js sizes under the limit, half of it", () => {
    const { limits } = byKind.get('Deployment').spec.template.spec.containers[0].resources;
    const [, amount, unit] = /^(\d+)(Mi|Gi)$/.exec(limits.memory)!;
    expect(DEPLOYED_OLD_SPACE_MB).toBe((Number(amount) * (unit === 'Gi' ? 1024 : 1)) / 2);
    expect(GATEWAY_NODE_FLAGS).toContain(`--max-old-space-size=${DEPLOYED_OLD_SPACE_MB}`);
  });

  it('give the gateway a configuration it accepts, and a consumers file it loads', async () => {
    const { 'consumers.json': consumersFile, ...secretEnv } = byKind.get('Secret').stringData as Record<string, string>;
    const config = loadConfig({ ...byKind.get('ConfigMap').data, ...secretEnv });
    expect(config.production).toBe(true);
    expect(config.redis?.mode).toBe('cluster');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'k8s-consumers-')), 'consumers.json');
    writeFileSync(file, consumersFile!);
    const consumers = await loadConsumers(file);
    expect(consumers.consumers.length).toBeGreaterThan(0);
    // It runs in production, which refuses a published credential.
    await expect(refusePublishedCredentials(consumers, file)).resolves.toBeUndefined();
    // The file is mounted where CONSUMERS_FILE points.
    const mount = byKind.get('Deployment').spec.template.spec.containers[0].volumeMounts.find((volume: { name: string }) => volume.name === 'consumers');
    expect(path.join(mount.mountPath, 'consumers.json')).toBe(config.consumersFile);
    // Kubernetes waits for the preStop delay and the gateway's own grace before it kills the pod.
    const pod = byKind.get('Deployment').spec.template.spec;
    const preStopSeconds = Number(pod.containers[0].lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopSeconds * 1000 + config.shutdownGraceMs);
  });

  it('aim the Service, the autoscaler and the disruption budget at the Deployment', () => {
    const deployment = byKind.get('Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(podLabels);
    expect(byKind.get('Service').spec.selector).toEqual(podLabels);
    expect(byKind.get('PodDisruptionBudget').spec.selector.matchLabels).toEqual(podLabels);
    expect(byKind.get('HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(byKind.get('HorizontalPodAutoscaler').spec.minReplicas).toBeGreaterThanOrEqual(2);
  });
});

interface DockerInstruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions by stage (the name after AS), continuation lines joined, comments left out. */
function dockerfileStages(): Map<string, DockerInstruction[]> {
  const stages = new Map<string, DockerInstruction[]>();
  let stage: DockerInstruction[] = [];
  const lines = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ').split('\n');
  for (const line of lines.map((text) => text.trim()).filter((text) => text !== '' && !text.startsWith('#'))) {
    const [, keyword, args] = /^([A-Z]+)\s+(.*)$/.exec(line)!;
    if (keyword === 'FROM') {
      stage = [];
      stages.set(/\sAS\s+(\S+)$/.exec(args!)![1]!, stage);
    }
    stage.push({ keyword: keyword!, args: args! });
  }
  return stages;
}

const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
// Where `npm run sbom` writes the bill of materials.
const SBOM_FILE = /--output-file (\S+)/.exec(scripts.sbom!)![1]!;

/** What the build stage leaves for the runtime stage: the installed dependencies, what `npm run build` compiles, the bill of materials. */
function buildOutputs(): string[] {
  const { compilerOptions, include } = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string }; include: string[] };
  return ['node_modules', ...include.map((folder) => path.posix.join(compilerOptions.outDir, folder)), SBOM_FILE];
}

// `node <entry point>` in a command, wherever it stands in it (a shell line holds several).
const NODE_ENTRY_POINTS = /\bnode\s+(?:--\S+\s+)*(\S+)/g;

describe('the image', () => {
  const stages = dockerfileStages();
  const runtime = stages.get('runtime')!;
  const workdir = (stage: string) => stages.get(stage)!.find(({ keyword }) => keyword === 'WORKDIR')!.args;
  // Each COPY of the runtime stage: from the build context, or from another stage's working directory.
  const copies = runtime.filter(({ keyword }) => keyword === 'COPY').map(({ args }) => {
    const from = /^--from=(\S+)\s+/.exec(args);
    const [source, destination] = args.slice(from?.[0].length ?? 0).split(/\s+/);
    return { stage: from?.[1] ?? null, source: from ? path.posix.relative(workdir(from[1]!), source!) : source!, destination: destination! };
  });

  it('builds and runs on one maintained Node.js LTS line, so the compiled better-sqlite3 matches the runtime', () => {
    const bases = [...stages.values()].map((instructions) => instructions[0]!.args.split(/\s+/)[0]);
    expect([...stages.keys()]).toEqual(['build', 'runtime']);
    expect(new Set(bases).size).toBe(1);
    expect(bases[0]).toMatch(/^node:(22|24)-bookworm-slim$/);
  });

  it('runs the compiled gateway with plain node, as npm run start:prod does', () => {
    const command = JSON.parse(runtime.find(({ keyword }) => keyword === 'CMD')!.args) as string[];
    expect(command.join(' ')).toBe(scripts['start:prod']);
    // The bench measures the gateway with the same flags.
    const flags = command.filter((word) => word.startsWith('--'));
    expect(flags).toContain('--max-semi-space-size=16');
    expect(GATEWAY_NODE_FLAGS).toEqual(expect.arrayContaining(flags));
  });

  it('copies into the runtime stage what the build stage made and the files the gateway reads, no sources', () => {
    const outputs = buildOutputs();
    for (const { stage, source } of copies.filter(({ stage }) => stage !== null)) {
      expect(stage).toBe('build');
      expect(outputs).toContain(source);
    }
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    const fromContext = copies.filter(({ stage }) => stage === null).map(({ source }) => source);
    for (const source of fromContext) {
      expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(ignored).not.toContain(source);
    }
    expect(fromContext.filter((source) => /^(src|resolvers|test|bench)$|\.ts$|^tsconfig/.test(source))).toEqual([]);
  });

  it('names its bill of materials in a label, at the path where it copies it', () => {
    const sbom = copies.find(({ source }) => source === SBOM_FILE)!;
    const labels = runtime.filter(({ keyword }) => keyword === 'LABEL').map(({ args }) => args).join(' ');
    expect(labels).toContain(`national-data-gateway.sbom="${path.posix.join(workdir('runtime'), sbom.destination)}"`);
  });

  it('is what compose and Kubernetes run: the image command for the replicas, compiled entry points for the one-shot services', () => {
    const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { build?: string; command?: string | string[] }> };
    const fromImage = Object.entries(compose.services).filter(([, service]) => service.build === '.');
    const replicas = fromImage.filter(([name]) => name.startsWith('gateway-'));
    expect(replicas.length).toBeGreaterThanOrEqual(2);
    expect(replicas.every(([, service]) => service.command === undefined)).toBe(true);
    const entryPoints = fromImage.flatMap(([, service]) => {
      const command = [service.command ?? []].flat().join(' ');
      return [...command.matchAll(NODE_ENTRY_POINTS)].map((match) => match[1]!);
    });
    expect(entryPoints.length).toBeGreaterThan(0);
    for (const entryPoint of entryPoints) {
      expect(entryPoint).toMatch(/^dist\/src\/.+\.js$/);
      expect(existsSync(path.join(ROOT, entryPoint.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), entryPoint).toBe(true);
    }
    const container = manifests().get('Deployment').spec.template.spec.containers[0];
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
  });
});
