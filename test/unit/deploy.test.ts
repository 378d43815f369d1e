import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConsumers } from '../../src/auth/consumers.js';
import { refusePublishedCredentials } from '../../src/auth/developmentCredentials.js';
import { loadConfig } from '../../src/config.js';

const DIR = fileURLToPath(new URL('../../deploy/k8s/', import.meta.url));
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
