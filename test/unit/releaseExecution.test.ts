import { describe, expect, it } from 'vitest';
import { SubjectNotes } from '../../src/audit/subjectNotes.js';
import { createLoaders, forgetLoaded, type Fetchers } from '../../src/loaders/index.js';

describe('what a request lets go of while its access record commits', () => {
  it('forgets what its loaders loaded: a key asked for again is fetched again', async () => {
    const batches: string[][] = [];
    const fetchers = {
      citizenByPersonalNumber: async (keys: readonly string[]) => {
        batches.push([...keys]);
        return keys.map((personalNumber) => ({ personalNumber }));
      },
    } as unknown as Fetchers;
    const loaders = createLoaders(fetchers);
    await loaders.citizenByPersonalNumber.load('1234567890');
    await loaders.citizenByPersonalNumber.load('1234567890');
    expect(batches).toEqual([['1234567890']]);
    forgetLoaded(loaders);
    await loaders.citizenByPersonalNumber.load('1234567890');
    expect(batches).toEqual([['1234567890'], ['1234567890']]);
  });

  it('forgets whose data was where in the answer', () => {
    const notes = new SubjectNotes();
    notes.note({ prev: { prev: undefined, key: 'citizen' }, key: 'spouse' }, { personalNumber: '1234567890', isPerson: true });
    expect(notes.empty).toBe(false);
    notes.clear();
    expect(notes.empty).toBe(true);
    expect(notes.root).toEqual({ subjects: undefined, below: undefined });
  });
});
