import { readFileSync } from 'node:fs';
import { projectFile } from '../src/projectFiles.js';

/** The old generation Node.js gives a process under the deployment's memory limit per replica (`deploy/k8s`, 1 GiB): half of it. */
export const DEPLOYED_OLD_SPACE_MB = 512;

/**
 * Node.js's flags for a gateway child: those of the image's command (`npm run start:prod`), and the
 * old generation a replica gets in its container. A process on a larger machine lets its heap grow
 * further before collecting it, which is neither a replica's speed nor its memory.
 */
export const GATEWAY_NODE_FLAGS = [
  ...startProdScript().split(/\s+/).filter((word) => word.startsWith('--')),
  `--max-old-space-size=${DEPLOYED_OLD_SPACE_MB}`,
];

function startProdScript(): string {
  const { scripts } = JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { scripts: Record<string, string> };
  return scripts['start:prod']!;
}
