import type { Engine } from './engine.js';

// Letters folded for accent-insensitive name search. Unicode decomposes most of them, but not đ,
// and SQLite's lower() folds ASCII only, so both cases are listed.
const FOLDS: ReadonlyArray<readonly [string, string]> = [
  ['ë', 'e'], ['Ë', 'e'], ['é', 'e'], ['É', 'e'], ['è', 'e'], ['È', 'e'],
  ['ç', 'c'], ['Ç', 'c'], ['č', 'c'], ['Č', 'c'], ['ć', 'c'], ['Ć', 'c'],
  ['š', 's'], ['Š', 's'], ['ş', 's'], ['Ş', 's'],
  ['ž', 'z'], ['Ž', 'z'],
  ['đ', 'd'], ['Đ', 'd'],
  ['ğ', 'g'], ['Ğ', 'g'], ['ı', 'i'], ['İ', 'i'],
  ['ö', 'o'], ['Ö', 'o'], ['ü', 'u'], ['Ü', 'u'],
];

// Serbian Cyrillic as Serbian Latin writes it, letter by letter (Вук Караџић's alphabet): the registry
// keeps names in Latin, and a searcher may type them in either script.
const SERBIAN_LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm',
  н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š',
};
const CYRILLIC = /[\u0400-\u04FF]/gu;

/**
 * Folds a name the way `foldedSql` does in the database: lower case, no diacritics, "dj" as "d".
 * What a searcher typed is first composed (a C and a combining cedilla are Ç; compatibility forms
 * such as full-width letters are plain ones) and, in Serbian Cyrillic, written in Latin.
 */
export function foldName(name: string): string {
  let folded = name.normalize('NFKC').trim().replace(CYRILLIC, (letter) => SERBIAN_LATIN[letter.toLowerCase()] ?? letter);
  for (const [from, to] of FOLDS) folded = folded.split(from).join(to);
  return folded.toLowerCase().split('dj').join('d');
}

/**
 * The SQL expression that folds `column` like `foldName`. The seeded PostgreSQL schema indexes
 * this exact text, so a prefix search uses the index.
 */
export function foldedSql(engine: Engine, column: string): string {
  if (engine === 'postgres') {
    const from = FOLDS.map(([f]) => f).join('');
    const to = FOLDS.map(([, t]) => t).join('');
    return `replace(lower(translate(trim(${column}), '${from}', '${to}')), 'dj', 'd')`;
  }
  let expression = `trim(${column})`;
  for (const [from, to] of FOLDS) expression = `replace(${expression}, '${from}', '${to}')`;
  return `replace(lower(${expression}), 'dj', 'd')`;
}
