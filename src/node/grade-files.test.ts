/** Progress files read from disk for grading: one that cannot be read is named with why, the rest graded. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeFiles } from './grade-files.ts';

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
});
