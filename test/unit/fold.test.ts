import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldedSql, foldName } from '../../src/sources/fold.js';
import { NAME_BOOKS } from '../../src/seed/names.js';

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

// Each letter of the alphabets the registry's names are written in, capital and small, with what a
// searcher types for it without diacritics.
const ALPHABETS: Record<string, Array<[letter: string, typed: string]>> = {
  Albanian: 'a b c ç:c d dh e ë:e f g gj h i j k l ll m n nj o p q r rr s sh t th u v x xh y z zh'.split(' ').map(typedFor),
  'Serbian and Bosnian Latin': 'a b c č:c ć:c d dž:dz đ:d e f g h i j k l lj m n nj o p r s š:s t u v z ž:z'.split(' ').map(typedFor),
  Turkish: 'a b c ç:c d e f g ğ:g h ı:i i j k l m n o ö:o p r s ş:s t u ü:u v y z'.split(' ').map(typedFor),
};
// Turkish capital dotted İ is the capital of i, and I that of ı: both are typed "i".
ALPHABETS.Turkish!.push(['İ', 'i']);

function typedFor(entry: string): [string, string] {
  const [letter, typed] = entry.split(':') as [string, string | undefined];
  return [letter, typed ?? letter];
}

// Serbian Cyrillic, letter by letter, with the Latin letter it is written as.
const SERBIAN_CYRILLIC: Array<[cyrillic: string, latin: string]> = [
  ['А', 'A'], ['Б', 'B'], ['В', 'V'], ['Г', 'G'], ['Д', 'D'], ['Ђ', 'Đ'], ['Е', 'E'], ['Ж', 'Ž'], ['З', 'Z'], ['И', 'I'], ['Ј', 'J'],
  ['К', 'K'], ['Л', 'L'], ['Љ', 'Lj'], ['М', 'M'], ['Н', 'N'], ['Њ', 'Nj'], ['О', 'O'], ['П', 'P'], ['Р', 'R'], ['С', 'S'], ['Т', 'T'],
  ['Ћ', 'Ć'], ['У', 'U'], ['Ф', 'F'], ['Х', 'H'], ['Ц', 'C'], ['Ч', 'Č'], ['Џ', 'Dž'], ['Ш', 'Š'],
];

// Every letter, small and capital, with what it folds to.
const LETTERS: Array<[alphabet: string, letter: string, typed: string]> = Object.entries(ALPHABETS).flatMap(([alphabet, letters]) =>
  letters.flatMap(([letter, typed]) => {
    const capital = letter === 'ı' ? 'I' : letter === 'i' && alphabet === 'Turkish' ? 'İ' : letter.charAt(0).toUpperCase() + letter.slice(1);
    return [[alphabet, letter, typed] as [string, string, string], [alphabet, capital, typed] as [string, string, string]];
  }),
);

// Every name the seeder gives, the Roma, Ashkali and Egyptian spellings among them.
const SEEDED_NAMES = [...new Set(Object.values(NAME_BOOKS).flatMap((book) => [...book.male, ...book.female, ...book.family]))];

describe('each letter of the alphabets names are written in', () => {
  it.each(LETTERS)('%s %s is found by typing %s', (_, letter, typed) => {
    expect(foldName(letter)).toBe(foldName(typed));
    expect(foldName(letter)).toMatch(/^[a-z]+$/);
  });

  it.each(LETTERS)('%s %s typed decomposed, as some keyboards send it, folds as composed', (_, letter) => {
    expect(foldName(letter.normalize('NFD'))).toBe(foldName(letter));
  });

  it.each(SERBIAN_CYRILLIC)('Serbian Cyrillic %s is typed as Latin %s', (cyrillic, latin) => {
    expect(foldName(cyrillic)).toBe(foldName(latin));
    expect(foldName(cyrillic.toLowerCase())).toBe(foldName(latin));
  });

  it('finds Đorđević the same whether typed in Cyrillic, in Latin or without diacritics', () => {
    const typed = ['Ђорђевић', 'ЂОРЂЕВИЋ', 'Đorđević', 'Djordjević', 'djordjevic', 'dordevic'];
    expect(new Set(typed.map(foldName))).toEqual(new Set(['dordevic']));
    expect(foldName('Ђорђ')).toBe(foldName('dord'));
    expect(foldName('Ђорђ')).toBe(foldName('djord'));
  });

  it('folds full-width letters, as some input methods type them, to plain ones', () => {
    expect(foldName('ＧＡＳＨＩ')).toBe('gashi');
  });

  it('folds every name the seeder gives to plain Latin letters', () => {
    const unfolded = SEEDED_NAMES.filter((name) => !/^[a-z' -]+$/.test(foldName(name)));
    expect(unfolded).toEqual([]);
    expect(SEEDED_NAMES).toEqual(expect.arrayContaining(['Durmiši', 'Šaćiri', 'Dževat', 'Ćamila']));
  });
});

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

  it('SQLite folds every letter and every seeded name as the gateway does', () => {
    const disagreeing = [...LETTERS.map(([, letter]) => letter), ...SEEDED_NAMES].filter((name) => fold.get(name)?.f !== foldName(name));
    expect(disagreeing).toEqual([]);
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

  it('PostgreSQL folds every letter and every seeded name as the gateway does', async () => {
    const names = [...LETTERS.map(([, letter]) => letter), ...SEEDED_NAMES];
    const result = await client.query<{ x: string; f: string }>(`select x, ${foldedSql('postgres', 'x')} as f from unnest($1::text[]) as t(x)`, [names]);
    expect(result.rows.filter((row) => row.f !== foldName(row.x)).map((row) => row.x)).toEqual([]);
  });

  it('PostgreSQL folds Đorđević and Djordjevic alike', async () => {
    expect(await fold('Đorđević')).toBe(await fold('Djordjevic'));
  });
});
