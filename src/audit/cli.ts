import { loadConfig } from '../config.js';
import { AuditStore } from './auditStore.js';
import { verifyChain } from './verify.js';

// `npm run audit:verify`: recomputes the audit trail's hash chain in AUDIT_DATABASE_URL.
// Exits 0 when the chain is whole, 1 when a record was changed or removed, 2 when it cannot check.
async function main(): Promise<number> {
  const config = loadConfig();
  const store = await AuditStore.open(config.auditDatabaseUrl);
  try {
    const result = await verifyChain(store);
    if (result.intact) {
      process.stdout.write(`The audit trail is intact: ${result.records} records, each chained to the one before.\n`);
      return 0;
    }
    process.stdout.write(`The audit trail is broken at record ${result.seq}: ${result.problem}. ${result.records} records before it are intact.\n`);
    return 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The audit trail could not be checked: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
