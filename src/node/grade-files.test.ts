/** Progress files read from disk for grading: one that cannot be read is named with why, the rest graded. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anAttempt } from '../lab/progress/fixture.ts';
import type { ReadAttempt } from '../lab/progress/schema.ts';
import type { Attempt } from '../lab/progress/types.ts';
import { answerProblemsOf, gradeFiles } from './grade-files.ts';
import { loadLab } from './labs/load.ts';

describe('gradeFiles: a progress file that is not UTF-8', () => {
  it('saved as UTF-16 (Notepad "Unicode", PowerShell 5 >) is named as such, not as an unexpected "�"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-files-'));
    const json = '{"version":1,"attempts":[]}\n';
    const utf16 = join(dir, 'alice.json');
    writeFileSync(utf16, Buffer.from(`\uFEFF${json}`, 'utf16le'));
    const utf8 = join(dir, 'bob.json');
    writeFileSync(utf8, `\uFEFF${json}`);
    const r = await gradeFiles([utf16, utf8], new Map());
    expect(r.problems).toEqual([
      {
        file: utf16,
        message: expect.stringMatching(
          /^is not UTF-8 text \(it looks like UTF-16, .*\): save it as UTF-8 \(in Notepad: Save As, Encoding UTF-8; in PowerShell: \| Out-File -Encoding utf8\)$/,
        ),
      },
    ]);
    // UTF-8 with a byte-order mark is read as before.
    expect(r.files.map((f) => f.file)).toEqual([utf8]);
  });

  it('blank, or zeros where a save stopped, is said as the app says it: not "looks like UTF-32"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-grade-files-'));
    const blank = join(dir, 'blank.json');
    writeFileSync(blank, Buffer.alloc(2000));
    const cut = join(dir, 'cut.json');
    writeFileSync(
      cut,
      Buffer.concat([Buffer.from('{"version":2,"profile":null,"attem'), Buffer.alloc(2000)]),
    );
    const r = await gradeFiles([blank, cut], new Map());
    expect(r.problems).toEqual([
      { file: blank, message: 'is empty or blank (zero-filled)' },
      { file: cut, message: 'not valid JSON: line 1, column 35: unexpected "\\u0000"' },
    ]);
  });
});

describe('answerProblemsOf: what is wrong with an answer, by attempt and kind, for the rows it bears on', () => {
  it('names each by its index in the file; the kind says what grading makes of it', async () => {
    const lab = await loadLab(join(import.meta.dirname, '..', '..', 'labs'), '02-sme-two-wbinvds');
    const labs = new Map([[lab.id, lab]]);
    const base = anAttempt({ labId: lab.id }) as unknown as Attempt;
    const read = (index: number, over: Partial<Record<keyof Attempt, unknown>>): ReadAttempt => ({
      index,
      attempt: { ...base, ...over } as Attempt,
      seedSaved: true,
      verdictSaved: true,
    });
    const problems = answerProblemsOf(
      [
        read(1, { answer: null }),
        read(2, { answer: { kind: 'predict', selected: 0 } }),
        read(4, { answer: { kind: 'choose', selected: [99] } }),
        read(5, { hintsUsed: 50 }),
        read(7, { exerciseId: 'no-such-exercise' }),
        read(8, { answer: { kind: 'choose', selected: [0, 1] } }),
        // After the solution was shown nothing is graded, so nothing is said.
        read(9, { solutionShown: true }),
        read(10, { answer: null }),
      ],
      labs,
    );
    expect(problems.map((p) => [p.index, p.kind])).toEqual([
      [1, 'wrong-try'],
      [2, 'wrong-try'],
      [4, 'malformed'],
      [5, 'hints'],
      [7, 'no-exercise'],
      [8, 'wrong-try'],
    ]);
    // Each says its attempt, as the warning is written.
    for (const p of problems) expect(p.message).toMatch(new RegExp(`^attempts\\[${p.index}\\]\\.`));
  });
});
