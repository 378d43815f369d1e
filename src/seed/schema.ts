import { foldedSql } from '../sources/fold.js';
import type { Engine } from '../sources/engine.js';

/** The legacy registries the seed tool builds: three databases the gateway reads, and the business registry behind its web service. */
export type Registry = 'civil' | 'address' | 'vehicle' | 'business';

/** How a column's values are written: most pass through, these few differ between engines. */
export type ValueKind = 'plain' | 'boolean' | 'timestamp';

/** One column of a legacy table, with its type on each engine. */
export interface ColumnSpec {
  readonly name: string;
  readonly types: Readonly<Record<Engine, string>>;
  readonly notNull: boolean;
  readonly kind: ValueKind;
}

/** One legacy table: its columns in load order, its primary key, its secondary indexes. */
export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey: string | null;
  readonly indexes: readonly IndexSpec[];
}

/** A secondary index; `postgresOnly` expressions have no counterpart on the other engines. */
export interface IndexSpec {
  readonly name: string;
  readonly unique: boolean;
  /** Column names, or on PostgreSQL a parenthesised expression with its operator class. */
  readonly columns: readonly string[];
  readonly postgresOnly?: boolean;
}

function column(name: string, postgres: string, mysql: string, sqlite: string, notNull = false, kind: ValueKind = 'plain'): ColumnSpec {
  return { name, types: { postgres, mysql, sqlite }, notNull, kind };
}

const text = (length: number, name: string, notNull = false) => column(name, `varchar(${length})`, `varchar(${length})`, 'TEXT', notNull);
const fixed = (length: number, name: string, notNull = false) => column(name, `char(${length})`, `char(${length})`, 'TEXT', notNull);
const smallint = (name: string, notNull = false) => column(name, 'smallint', 'smallint', 'INTEGER', notNull);
const integer = (name: string, notNull = false) => column(name, 'integer', 'int', 'INTEGER', notNull);
const bigint = (name: string, notNull = false) => column(name, 'bigint', 'bigint', 'INTEGER', notNull);
// The civil registry keeps real dates; on SQLite they are 'YYYY-MM-DD' text.
const date = (name: string, notNull = false) => column(name, 'date', 'date', 'TEXT', notNull);

const index = (name: string, columnName: string): IndexSpec => ({ name, unique: false, columns: [columnName] });
const uniqueIndex = (name: string, columnName: string): IndexSpec => ({ name, unique: true, columns: [columnName] });

// The folded-name expressions the gateway's accent-insensitive prefix search compares against.
const foldedIndex = (name: string, columnName: string): IndexSpec => ({
  name,
  unique: false,
  columns: [`(${foldedSql('postgres', columnName)}) text_pattern_ops`],
  postgresOnly: true,
});

/** Every table of every registry, as DESIGN.md §4 describes them. */
export const TABLES: Readonly<Record<Registry, readonly TableSpec[]>> = {
  civil: [
    {
      name: 'person',
      columns: [
        fixed(10, 'personal_no', true),
        text(60, 'first_name', true),
        text(60, 'last_name', true),
        text(60, 'father_name'),
        fixed(1, 'sex'),
        date('birth_date'),
        smallint('birth_municipality'),
        fixed(1, 'marital_status'),
        fixed(1, 'status', true),
        date('death_date'),
        bigint('address_id'),
        column('updated_at', 'timestamptz', 'datetime', 'TEXT', true, 'timestamp'),
      ],
      primaryKey: null,
      indexes: [
        uniqueIndex('person_personal_no_key', 'personal_no'),
        index('person_address_id_idx', 'address_id'),
        index('person_birth_municipality_idx', 'birth_municipality'),
        index('person_last_name_idx', 'last_name'),
        foldedIndex('person_last_name_folded_idx', 'last_name'),
        foldedIndex('person_first_name_folded_idx', 'first_name'),
      ],
    },
    {
      name: 'family_link',
      columns: [fixed(10, 'personal_no', true), fixed(10, 'related_no', true), fixed(1, 'relation', true)],
      primaryKey: null,
      indexes: [index('family_link_personal_no_idx', 'personal_no'), index('family_link_related_no_idx', 'related_no')],
    },
    {
      name: 'id_document',
      columns: [
        text(12, 'doc_no', true),
        fixed(10, 'personal_no', true),
        fixed(2, 'doc_type', true),
        date('issued_on'),
        date('expires_on'),
        fixed(1, 'status', true),
      ],
      primaryKey: 'doc_no',
      indexes: [index('id_document_personal_no_idx', 'personal_no'), index('id_document_expires_on_idx', 'expires_on')],
    },
    {
      name: 'residence_reg',
      columns: [
        bigint('reg_no', true),
        fixed(10, 'personal_no', true),
        bigint('address_id', true),
        date('reg_from', true),
        date('reg_to'),
        fixed(1, 'end_code'),
      ],
      primaryKey: 'reg_no',
      indexes: [index('residence_reg_personal_no_idx', 'personal_no'), index('residence_reg_address_id_idx', 'address_id')],
    },
  ],
  address: [
    {
      name: 'komuna',
      columns: [smallint('kodi', true), text(60, 'emri_sq', true), text(60, 'emri_sr', true), smallint('rajoni', true)],
      primaryKey: 'kodi',
      indexes: [],
    },
    {
      name: 'vendbanimi',
      columns: [integer('id', true), smallint('komuna_kodi', true), text(80, 'emri_sq', true), text(80, 'emri_sr', true)],
      primaryKey: 'id',
      indexes: [index('vendbanimi_komuna_kodi_idx', 'komuna_kodi')],
    },
    {
      name: 'adresa',
      columns: [
        bigint('id', true),
        integer('vendbanimi_id', true),
        text(120, 'rruga', true),
        text(10, 'numri', true),
        text(10, 'banesa'),
        fixed(5, 'kodi_postar', true),
        column('aktive', 'boolean', 'boolean', 'INTEGER', true, 'boolean'),
      ],
      primaryKey: 'id',
      indexes: [
        index('adresa_vendbanimi_id_idx', 'vendbanimi_id'),
        index('adresa_kodi_postar_idx', 'kodi_postar'),
        foldedIndex('adresa_rruga_folded_idx', 'rruga'),
      ],
    },
  ],
  vehicle: [
    {
      name: 'AUTOMJETET',
      columns: [
        integer('ID', true),
        text(12, 'TARGA', true),
        fixed(17, 'SHASIA', true),
        text(40, 'MARKA'),
        text(40, 'MODELI'),
        smallint('VITI'),
        text(30, 'NGJYRA'),
        fixed(1, 'KARBURANTI'),
        fixed(1, 'LLOJI_PRONARIT', true),
        text(16, 'PRONARI', true),
        text(10, 'DATA_REGJ'),
        text(10, 'SKADON'),
        text(10, 'STATUSI', true),
      ],
      primaryKey: 'ID',
      indexes: [
        uniqueIndex('UQ_AUTOMJETET_TARGA', 'TARGA'),
        uniqueIndex('UQ_AUTOMJETET_SHASIA', 'SHASIA'),
        index('IX_AUTOMJETET_PRONARI', 'PRONARI'),
      ],
    },
    {
      name: 'PATENTAT',
      columns: [
        text(12, 'NR_PATENTES', true),
        fixed(10, 'NR_PERSONAL', true),
        text(32, 'KATEGORITE'),
        text(10, 'LESHUAR'),
        text(10, 'SKADON'),
        column('PIKET', 'smallint', 'tinyint', 'INTEGER'),
        text(10, 'STATUSI', true),
      ],
      primaryKey: 'NR_PATENTES',
      indexes: [index('IX_PATENTAT_NR_PERSONAL', 'NR_PERSONAL'), index('IX_PATENTAT_SKADON', 'SKADON')],
    },
  ],
  // The business registry's own database, which only its web service reads (src/seed/businessRegistry).
  business: [
    {
      name: 'subjekti',
      columns: [
        fixed(9, 'nr_biznesit', true),
        text(200, 'emri', true),
        text(4, 'forma', true),
        text(12, 'statusi', true),
        text(10, 'data_regj', true),
        bigint('adresa_id'),
      ],
      primaryKey: 'nr_biznesit',
      indexes: [],
    },
    {
      name: 'pronari',
      columns: [fixed(9, 'nr_biznesit', true), fixed(1, 'lloji', true), text(10, 'nr_pronarit', true), text(6, 'pjesa', true)],
      primaryKey: null,
      indexes: [index('pronari_nr_biznesit_idx', 'nr_biznesit'), index('pronari_nr_pronarit_idx', 'nr_pronarit')],
    },
    {
      name: 'perfaqesuesi',
      columns: [fixed(9, 'nr_biznesit', true), fixed(10, 'nr_personal', true), text(12, 'roli', true)],
      primaryKey: null,
      indexes: [index('perfaqesuesi_nr_biznesit_idx', 'nr_biznesit'), index('perfaqesuesi_nr_personal_idx', 'nr_personal')],
    },
  ],
};

/** Quotes an identifier for `engine`. */
export function quoteIdentifier(engine: Engine, name: string): string {
  return engine === 'mysql' ? `\`${name.replaceAll('`', '``')}\`` : `"${name.replaceAll('"', '""')}"`;
}

/**
 * Drops and recreates a registry's tables. Primary keys are declared up front except on
 * PostgreSQL, where they are built after the load like the other indexes; InnoDB and SQLite
 * store rows by their primary key, so it has to exist before the first row.
 */
export function createTableStatements(registry: Registry, engine: Engine): string[] {
  return TABLES[registry].flatMap((table) => {
    const q = (name: string) => quoteIdentifier(engine, name);
    const columns = table.columns.map((c) => {
      const key = table.primaryKey === c.name && engine !== 'postgres' ? ' PRIMARY KEY' : '';
      return `${q(c.name)} ${c.types[engine]}${c.notNull ? ' NOT NULL' : ''}${key}`;
    });
    const options = engine === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci' : '';
    return [`DROP TABLE IF EXISTS ${q(table.name)}`, `CREATE TABLE ${q(table.name)} (\n  ${columns.join(',\n  ')}\n)${options}`];
  });
}

/** Builds a registry's indexes (and PostgreSQL's primary keys) once its tables are loaded. */
export function indexStatements(registry: Registry, engine: Engine): string[] {
  return TABLES[registry].flatMap((table) => {
    const q = (name: string) => quoteIdentifier(engine, name);
    const indexes = table.indexes.filter((index) => engine === 'postgres' || !index.postgresOnly);
    const columnsOf = (index: IndexSpec) => index.columns.map((c) => (index.postgresOnly ? c : q(c))).join(', ');
    if (engine === 'mysql') {
      // One ALTER per table: InnoDB builds all of its indexes in a single pass over the rows.
      if (indexes.length === 0) return [];
      const clauses = indexes.map((index) => `ADD ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} (${columnsOf(index)})`);
      return [`ALTER TABLE ${q(table.name)} ${clauses.join(', ')}`];
    }
    const statements: string[] = [];
    if (engine === 'postgres' && table.primaryKey) {
      statements.push(`ALTER TABLE ${q(table.name)} ADD CONSTRAINT ${q(`${table.name.toLowerCase()}_pkey`)} PRIMARY KEY (${q(table.primaryKey)})`);
    }
    for (const index of indexes) {
      statements.push(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(table.name)} (${columnsOf(index)})`);
    }
    return statements;
  });
}

/** Refreshes the planner's statistics of a registry's tables. */
export function analyzeStatements(registry: Registry, engine: Engine): string[] {
  const names = TABLES[registry].map((table) => quoteIdentifier(engine, table.name)).join(', ');
  if (engine === 'mysql') return [`ANALYZE TABLE ${names}`];
  if (engine === 'postgres') return [`ANALYZE ${names}`];
  return ['ANALYZE'];
}
