import type { Engine } from '../engine.js';

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

/** Folds a name the way `foldedSql` does in the database: lower case, no diacritics, "dj" as "d". */
export function foldName(name: string): string {
  let folded = name.trim();
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
