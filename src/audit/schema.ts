import { sql, type Kysely } from 'kysely';
import type { Engine } from '../sources/engine.js';

/** The schema a PostgreSQL trail's tables are made in and looked for in. */
export const TRAIL_SCHEMA = 'public';

// The records' table by its qualified name, as the catalogue is asked about it.
const RECORDS_TABLE = `${TRAIL_SCHEMA}.access_record`;

// What every PostgreSQL guard runs: nothing but a refusal.
const APPEND_ONLY_BODY = "begin raise exception 'the audit trail is append-only'; end";

// The audit trail's tables: a record per answer, its people's personal numbers in one text and their
// fields in another (see `subjectColumns`). On PostgreSQL `access_record` is partitioned by month of
// `at`, so that a prune drops whole months; a default partition takes any row no month was made for;
// a person's records are found through an index of the numbers as an array, compared byte by byte
// (`collate "C"`): under the database's own collation each comparison goes through the locale, which
// made the index the dearest part of writing a record of a hundred people.
const PG_TABLES = [
  sql`create table if not exists access_record (
    writer text not null, seq bigint not null, at timestamptz not null, consumer text not null, institution text not null,
    system text not null, purpose text, legal_basis text, case_reference text, operation_name text, request_id text not null,
    personal_nos text not null, field_paths text not null, hidden_until date,
    prev_hash char(64) not null, hash char(64) not null, primary key (writer, seq, at)) partition by range (at)`,
  sql`create index if not exists access_record_people_bytewise on access_record using gin (string_to_array(personal_nos collate "C", ','))`,
  // The index of the numbers under the database's collation, as trails made before kept it.
  sql`drop index if exists access_record_people`,
  sql`create table if not exists access_record_default partition of access_record default`,
  sql`create table if not exists audit_checkpoint (
    writer text not null, seq bigint not null, hash char(64) not null, kind text not null, at timestamptz not null,
    key_id text not null, signature text not null, primary key (writer, kind, seq))`,
  sql`create or replace function audit_append_only() returns trigger language plpgsql as $$ ${sql.raw(APPEND_ONLY_BODY)} $$`,
  // Row triggers on a partitioned table reach every partition, those made later too; TRUNCATE only
  // has statement triggers, made on each partition as it is made.
  sql`create or replace trigger access_record_append_only before update or delete on access_record
    for each row execute function audit_append_only()`,
  sql`create or replace trigger access_record_no_truncate before truncate on access_record
    for each statement execute function audit_append_only()`,
  sql`create or replace trigger access_record_no_truncate before truncate on access_record_default
    for each statement execute function audit_append_only()`,
  sql`create or replace trigger audit_checkpoint_append_only before update or delete or truncate on audit_checkpoint
    for each statement execute function audit_append_only()`,
];

/** The SQLite trail, as the embedded default keeps it beside its registries. */
export async function createSqliteTrail(db: Kysely<any>): Promise<void> {
  await sql`create table if not exists access_record (
    writer text not null, seq integer not null, at text not null, consumer text not null, institution text not null,
    system text not null, purpose text, legal_basis text, case_reference text, operation_name text, request_id text not null,
    personal_nos text not null, field_paths text not null, hidden_until text,
    prev_hash text not null, hash text not null, primary key (writer, seq))`.execute(db);
  // A person's records are looked for newest first, and the look stops at a page's worth.
  await sql`create index if not exists access_record_at on access_record (at, writer, seq)`.execute(db);
  await sql`create table if not exists audit_checkpoint (
    writer text not null, seq integer not null, hash text not null, kind text not null, at text not null,
    key_id text not null, signature text not null, primary key (writer, kind, seq))`.execute(db);
  for (const [name, definition] of SQLITE_GUARDS) await sql.raw(`create trigger if not exists ${name} ${definition}`).execute(db);
}

// The SQLite guards by name, each with its definition after `create trigger <name>`.
const SQLITE_GUARDS: ReadonlyMap<string, string> = new Map(
  ['access_record', 'audit_checkpoint'].flatMap((table) =>
    ['update', 'delete'].map((change) => [`${table}_no_${change}`, `before ${change} on ${table} begin select raise(abort, 'the audit trail is append-only'); end`] as const),
  ),
);

/** The roles of a PostgreSQL trail: the owner of its tables, and the gateway's, which may only add and read. */
export interface TrailRoles {
  owner: string;
  writer: string;
  /** The writer's password, where the server asks for one; null leaves it as it is. */
  writerPassword: string | null;
}

/**
 * Creates or completes a PostgreSQL trail: the roles, the tables owned by the owner role, the guards,
 * a partition for each month from the current one to `monthsAhead` later, and the writer's grants.
 * Run by a role that may create roles (a DBA), at deployment and then monthly.
 */
export async function migratePostgresTrail(db: Kysely<any>, roles: TrailRoles, monthsAhead: number, now = new Date()): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await refuseOlderLayout(trx);
    for (const [role, login] of [[roles.owner, false], [roles.writer, true]] as const) {
      const exists = await sql<{ found: number }>`select 1 as found from pg_roles where rolname = ${role}`.execute(trx);
      if (exists.rows.length === 0) await sql`create role ${sql.id(role)} ${sql.raw(login ? 'login' : 'nologin')}`.execute(trx);
    }
    if (roles.writerPassword !== null) await sql`alter role ${sql.id(roles.writer)} password ${sql.lit(roles.writerPassword)}`.execute(trx);
    const member = await sql<{ member: boolean }>`select pg_has_role(current_user, ${roles.owner}, 'member') as member`.execute(trx);
    if (!member.rows[0]?.member) await sql`grant ${sql.id(roles.owner)} to current_user`.execute(trx);
    // PostgreSQL 15 lets no one but the database's owner create in `public`.
    await sql`grant usage, create on schema ${sql.id(TRAIL_SCHEMA)} to ${sql.id(roles.owner)}`.execute(trx);
    await sql`set local role ${sql.id(roles.owner)}`.execute(trx);
    for (const statement of PG_TABLES) await statement.execute(trx);
    const made: string[] = [];
    for (let month = 0; month <= monthsAhead; month += 1) {
      const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + month, 1));
      if (await monthPartition(trx, from)) made.push(partitionName(from));
    }
    await sql`reset role`.execute(trx);
    await sql`grant select, insert on access_record, audit_checkpoint to ${sql.id(roles.writer)}`.execute(trx);
    return made;
  });
}

/** The message for a database that holds a trail of an older layout, which is kept as it is and never converted. */
export const OLDER_LAYOUT = 'The audit database holds a trail of an older layout (a record per person read): keep it, and give the gateway a new database';

// A trail made before records were kept one per answer has `access_record` without `personal_nos`.
async function refuseOlderLayout(db: Kysely<any>): Promise<void> {
  const columns = await sql<{ name: string }>`select attname as name from pg_attribute
    where attrelid = to_regclass('access_record') and attnum > 0 and not attisdropped`.execute(db);
  if (columns.rows.length > 0 && !columns.rows.some((column) => column.name === 'personal_nos')) throw new Error(OLDER_LAYOUT);
}

/** Makes the partition of the month that starts at `from`, with its guard, unless it exists; says whether it made it. Run as the owner. */
export async function monthPartition(db: Kysely<any>, from: Date): Promise<boolean> {
  const name = partitionName(from);
  const existing = await sql`select 1 from pg_class where relname = ${name}`.execute(db);
  if (existing.rows.length > 0) return false;
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  await sql`create table ${sql.id(name)} partition of access_record for values from (${sql.lit(from.toISOString())}) to (${sql.lit(to.toISOString())})`.execute(db);
  await sql`create trigger access_record_no_truncate before truncate on ${sql.id(name)} for each statement execute function audit_append_only()`.execute(db);
  return true;
}

/** The names of `access_record`'s partitions, the default one included. */
export async function partitionsOf(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass(${RECORDS_TABLE})`.execute(db);
  return rows.rows.map((row) => row.name);
}

/** The monthly partition holding the rows from `from`: `access_record_y2026m12`. */
function partitionName(from: Date): string {
  return `access_record_y${from.getUTCFullYear()}m${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
}

// What each PostgreSQL guard must stop, as `pg_trigger.tgtype` holds it: for each row 1, before 2,
// delete 8, update 16, truncate 32.
const PG_GUARD_TYPES: Readonly<Record<string, number>> = {
  access_record_append_only: 1 + 2 + 8 + 16,
  access_record_no_truncate: 2 + 32,
  audit_checkpoint_append_only: 2 + 8 + 16 + 32,
};

/**
 * The append-only guards that are missing, disabled or changed; none on a trail as made. A guard is in
 * place when it exists with its name, stops what it stopped when made, under no condition, whenever
 * it fires (not only as a replica), by running the refusal it was made with.
 */
export async function missingGuards(db: Kysely<any>, engine: Engine): Promise<string[]> {
  if (engine === 'sqlite') {
    const present = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger'`.execute(db);
    const made = new Map(present.rows.map((row) => [row.name, normalised(row.sql)]));
    return [...SQLITE_GUARDS].filter(([name, definition]) => made.get(name) !== normalised(`create trigger ${name} ${definition}`)).map(([name]) => name);
  }
  const refusal = await sql<{ oid: number | null; body: string | null; language: string | null }>`
    select p.oid, p.prosrc as body, l.lanname as language from pg_proc p join pg_language l on l.oid = p.prolang
    where p.oid = to_regprocedure(${`${TRAIL_SCHEMA}.audit_append_only()`})`.execute(db);
  const [refusing] = refusal.rows;
  if (!refusing || refusing.language !== 'plpgsql' || normalised(refusing.body ?? '') !== normalised(APPEND_ONLY_BODY)) return ['audit_append_only()'];
  // The trail's own tables, by identity, not by name: the checkpoints, and the records with their
  // partitions at every level. A table of the same name elsewhere guards nothing of the trail.
  const tables = await sql<{ oid: number; name: string }>`
    select c.oid, c.relname as name from pg_class c where c.oid = to_regclass(${`${TRAIL_SCHEMA}.audit_checkpoint`})
    union all
    select c.oid, c.relname as name from pg_partition_tree(to_regclass(${RECORDS_TABLE})) t join pg_class c on c.oid = t.relid`.execute(db);
  const triggers = await sql<{ relation: number; name: string; enabled: string; type: number; conditional: boolean; runs: number }>`
    select t.tgrelid as relation, t.tgname as name, t.tgenabled as enabled, t.tgtype as type, t.tgqual is not null as conditional, t.tgfoid as runs
    from pg_trigger t where t.tgrelid = any(${tables.rows.map((table) => table.oid)}::oid[])`.execute(db);
  const inPlace = new Set(
    triggers.rows
      .filter((row) => ['O', 'A'].includes(row.enabled) && row.type === PG_GUARD_TYPES[row.name] && !row.conditional && Number(row.runs) === Number(refusing.oid))
      .map((row) => `${Number(row.relation)} ${row.name}`),
  );
  const missing: string[] = [];
  // `session_replication_role = replica` keeps every guard from firing: set for the server, this
  // database, or a role that may change the records (a replication role elsewhere is no matter).
  const replica = await sql<{ set: boolean }>`select current_setting('session_replication_role') = 'replica' or exists (
      select 1 from pg_db_role_setting s
      where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
        and (s.setrole = 0 or has_table_privilege(s.setrole, to_regclass(${RECORDS_TABLE}), 'UPDATE, DELETE, TRUNCATE'))
        and array_to_string(s.setconfig, ' ') like '%session_replication_role=replica%') as set`.execute(db);
  if (replica.rows[0]?.set) missing.push('of every table (session_replication_role = replica where the records can be changed)');
  for (const table of tables.rows) {
    const guards = table.name === 'audit_checkpoint' ? ['audit_checkpoint_append_only'] : ['access_record_append_only', 'access_record_no_truncate'];
    for (const guard of guards) if (!inPlace.has(`${Number(table.oid)} ${guard}`)) missing.push(`${table.name}.${guard}`);
  }
  return missing;
}

// A definition as compared: case and spacing aside, as SQLite keeps it (without `if not exists`).
function normalised(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/ if not exists /, ' ').trim();
}
