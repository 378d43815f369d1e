import path from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATED_CONSUMERS_FILE, GENERATED_KEYS_FILE, generateConsumers } from './generateConsumers.js';

const USAGE = `Usage: npm run consumers:generate -- --out <dir>

Writes into <dir> the consumers of the shipped config/consumers.json, each with a credential of its
own: ${GENERATED_CONSUMERS_FILE} (API keys as their SHA-256 only), a JWKS file and a private signing key
per token issuer, and ${GENERATED_KEYS_FILE} with the new API keys. Writes nothing when <dir> already
holds ${GENERATED_CONSUMERS_FILE}. Point CONSUMERS_FILE at it.
`;

// `npm run consumers:generate`: exits 0 when the folder holds a consumers file (written now or before),
// 1 when it could not write one, 2 for a mistake in the command line. It never prints a key.
async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`consumers:generate: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.out) {
    process.stderr.write(`consumers:generate: --out <dir> is required\n\n${USAGE}`);
    return 2;
  }
  const dir = path.resolve(values.out);
  const generated = await generateConsumers(dir);
  if (generated === null) {
    process.stdout.write(`${path.join(dir, GENERATED_CONSUMERS_FILE)} already exists: nothing written. Its API keys are in ${path.join(dir, GENERATED_KEYS_FILE)}.\n`);
    return 0;
  }
  const signingKeys = Object.values(generated.signingKeyFiles);
  process.stdout.write(
    `Wrote ${generated.consumersFile}: the shipped consumers, each with a credential of its own.\n`
      + `Their API keys are in ${generated.keysFile}, readable by its owner only (cat ${generated.keysFile}).\n`
      + (signingKeys.length > 0 ? `The token issuers' private signing keys: ${signingKeys.join(', ')}.\n` : '')
      + `Point CONSUMERS_FILE at ${generated.consumersFile}.\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`consumers:generate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
