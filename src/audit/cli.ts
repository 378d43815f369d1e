import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { parseInteger } from '../integerText.js';
import { connect, engineOf } from '../sources/engine.js';
import { AuditStore } from './auditStore.js';
import { CheckpointKeys, CheckpointSigner, writeSigningKey } from './checkpoints.js';
import { pruneTrail } from './prune.js';
import { createSqliteTrail, migratePostgresTrail } from './schema.js';
import { verifyTrail } from './verify.js';
import { WitnessDirectory } from './witness.js';

// The audit trail's commands, each exiting 0 when done, 1 when it found a fault, 2 when it could not run:
//   npm run audit:verify  [-- --witness <dir> ...]   checks every chain against its signed checkpoints
//   npm run audit:migrate [-- --url <owner URL> --writer-role <name> --months-ahead <n>]
//   npm run audit:prune   [-- --url <owner URL>]      removes what AUDIT_RETENTION_DAYS no longer keeps
//   npm run audit:keygen  [-- --out <file>]           makes the Ed25519 key that signs checkpoints
const print = (line: string) => process.stdout.write(`${line}\n`);

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  async verify(args) {
    const { values } = parseArgs({ args, options: { witness: { type: 'string', multiple: true, default: [] } } });
    const { auditDatabaseUrl, audit } = loadConfig();
    const store = await AuditStore.open(auditDatabaseUrl, { readOnly: true });
    try {
      const keys = await CheckpointKeys.fromFiles(audit.publicKeyFiles);
      const witnesses = [audit.witnessDir, ...values.witness].map((dir) => new WitnessDirectory(dir));
      const result = await verifyTrail(store, keys, witnesses);
      const summary = `${result.records} records in ${result.chains} chains, ${result.checkpoints} signed checkpoints`;
      if (result.intact) {
        print(`The audit trail is intact: ${summary}; ${result.unsigned} records are newer than their chain's last checkpoint.`);
        return 0;
      }
      print(`The audit trail is NOT intact (${summary}):`);
      for (const { writer, seq, problem } of result.findings) print(`- ${writer === null ? 'the trail' : `writer ${writer}${seq === null ? '' : `, record ${seq}`}`}: ${problem}`);
      return 1;
    } finally {
      await store.close();
    }
  },

  async migrate(args) {
    const { values } = parseArgs({
      args,
      options: { url: { type: 'string' }, 'owner-role': { type: 'string' }, 'writer-role': { type: 'string' }, 'months-ahead': { type: 'string', default: '12' } },
    });
    const url = values.url ?? loadConfig().auditDatabaseUrl;
    const { db } = connect<any>(url, { writable: true, poolSize: 1 });
    try {
      if (engineOf(url) === 'sqlite') {
        await createSqliteTrail(db);
        print(`The audit trail is ready in ${url}.`);
        return 0;
      }
      const database = new URL(url).pathname.slice(1);
      const roles = {
        owner: values['owner-role'] ?? `${database}_owner`,
        writer: values['writer-role'] ?? `${database}_writer`,
        writerPassword: process.env.AUDIT_WRITER_PASSWORD || null,
      };
      const made = await migratePostgresTrail(db, roles, parseInteger('--months-ahead', values['months-ahead'], 0, 120));
      print(`The audit trail is ready in ${database}: tables owned by ${roles.owner}, ${made.length} monthly partitions made (${made.join(', ') || 'none needed'}).`);
      print(`The gateway connects as ${roles.writer}, which may only add records and read them: AUDIT_DATABASE_URL=postgres://${roles.writer}@<host>/${database}`);
      return 0;
    } finally {
      await db.destroy();
    }
  },

  async prune(args) {
    const { values } = parseArgs({ args, options: { url: { type: 'string' } } });
    const { auditDatabaseUrl, audit } = loadConfig();
    const url = values.url ?? auditDatabaseUrl;
    const cutoff = new Date(Date.now() - audit.retentionDays * 86_400_000);
    const { db, engine } = connect<any>(url, { writable: true, poolSize: 1 });
    try {
      const pruned = await pruneTrail(db, engine, cutoff, await CheckpointSigner.fromFile(audit.signingKeyFile), new WitnessDirectory(audit.witnessDir));
      const where = pruned.partitions.length > 0 ? ` (partitions ${pruned.partitions.join(', ')})` : '';
      print(`Kept ${audit.retentionDays} days: removed ${pruned.records} records from before ${pruned.before}${where}, each cut chain with a signed retention checkpoint (${pruned.checkpoints.length}).`);
      return 0;
    } finally {
      await db.destroy();
    }
  },

  async keygen(args) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
    const { privateKeyFile, publicKeyFile } = await writeSigningKey(values.out ?? loadConfig().audit.signingKeyFile);
    print(`The private key is in ${privateKeyFile}: give it to the gateway (AUDIT_SIGNING_KEY_FILE), never to the audit database.`);
    print(`Publish ${publicKeyFile}: audit:verify and the supervisory authority check the checkpoints with it (AUDIT_PUBLIC_KEY_FILES).`);
    return 0;
  },
};

const [name, ...args] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (!command) {
  process.stderr.write(`Usage: src/audit/cli.ts ${Object.keys(COMMANDS).join('|')} [options]\n`);
  process.exit(2);
}
command(args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The audit trail command failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
