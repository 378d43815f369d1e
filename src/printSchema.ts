import { writeFileSync } from 'node:fs';
import { printedSchema, PRINTED_SCHEMA_FILE } from './schema.js';

// `npm run schema:print`: writes the composed schema to schema.graphql at the root, where a test
// holds it to the schema the gateway serves.
writeFileSync(PRINTED_SCHEMA_FILE, printedSchema());
process.stdout.write(`Wrote ${PRINTED_SCHEMA_FILE}\n`);
