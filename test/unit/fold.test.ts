import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldedSql, foldName } from '../../src/sources/civil/fold.js';

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

// Each name with the folded form a searcher types without diacritics.
const NAMES: Array<[string, string]> = [
  ['Çeku', 'ceku'],
  ['ÇEKU', 'ceku'],
  ['Đorđević', 'dordevic'],
  ['Djordjević', 'dordevic'],
  ['DJORDJEVIĆ', 'dordevic'],
  ['Šarić', 'saric'],
  ['ŠARIĆ', 'saric'],
  ['Živković', 'zivkovic'],
  ['Hadžić', 'hadzic'],
  ['Bytyçi', 'bytyci'],
  ['Thaçi', 'thaci'],
  ['Yılmaz', 'yilmaz'],
  ['İnce', 'ince'],
  ['ÖZTÜRK', 'ozturk'],
  ['Ağa', 'aga'],
  ['Dëshira', 'deshira'],
  ['Krasniqi', 'krasniqi'],
];

describe('name folding in the gateway', () => {
  it.each(NAMES)('%s folds to %s', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it('Đorđević and Djordjevic are found by the same search', () => {
    expect(foldName('Đorđević')).toBe(foldName('Djordjevic'));
    expect(foldName('đorđe')).toBe(foldName('DJORDJE'));
  });

  it('a typed search prefix folds with its blanks removed', () => {
    expect(foldName('  Çek ')).toBe('cek');
  });
});

describe('name folding in SQLite agrees with the gateway', () => {
  const database = new Database(':memory:');
  const fold = database.prepare<[string], { f: string }>(`select ${foldedSql('sqlite', 'x')} as f from (select ? as x)`);
  afterAll(() => database.close());

  it.each(NAMES)('SQLite folds %s to %s, as the gateway does', (name, folded) => {
    expect(fold.get(name)?.f).toBe(folded);
    expect(fold.get(name)?.f).toBe(foldName(name));
  });

  it('SQLite finds Đorđević with the prefix "Djordj"', () => {
    database.exec(`create table person (last_name text); insert into person values ('Đorđević'), ('Šarić'), ('Djordjević')`);
    const found = database
      .prepare<[string], { last_name: string }>(`select last_name from person where ${foldedSql('sqlite', 'last_name')} like ? || '%' order by last_name`)
      .all(foldName('Djordj'))
      .map((row) => row.last_name);
    expect(found).toEqual(['Djordjević', 'Đorđević']);
  });
});

describe('name folding in PostgreSQL agrees with the gateway', () => {
  const client = new pg.Client(POSTGRES_URL);
  const fold = async (name: string): Promise<string> => {
    const result = await client.query<{ f: string }>(`select ${foldedSql('postgres', 'x')} as f from (values ($1::text)) as t(x)`, [name]);
    return result.rows[0]!.f;
  };

  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it.each(NAMES)('PostgreSQL folds %s to %s, as the gateway does', async (name, folded) => {
    const inDatabase = await fold(name);
    expect(inDatabase).toBe(folded);
    expect(inDatabase).toBe(foldName(name));
  });

  it('PostgreSQL folds Đorđević and Djordjevic alike', async () => {
    expect(await fold('Đorđević')).toBe(await fold('Djordjevic'));
  });
});
