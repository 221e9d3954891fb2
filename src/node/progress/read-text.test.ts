import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PROGRESS_BYTES } from '../../lab/progress/file-text.ts';
import { readCappedAsync } from '../read-capped.ts';
import { readProgressText } from './read-text.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'fp-read-text-'));

describe('readProgressText', () => {
  it('gives the text with a byte-order mark taken off', async () => {
    const file = join(dir(), 'p.json');
    writeFileSync(file, '\uFEFF{"version": 2}');
    expect(await readProgressText(file)).toEqual({ kind: 'text', text: '{"version": 2}', strayLine: null });
  });

  it('tells a missing file, a folder and a pipe apart, and never waits on the pipe', async () => {
    const d = dir();
    mkdirSync(join(d, 'folder'));
    execFileSync('mkfifo', [join(d, 'pipe')]);
    expect(await readProgressText(join(d, 'none.json'))).toEqual({ kind: 'missing' });
    expect(await readProgressText(join(d, 'folder'))).toEqual({ kind: 'folder' });
    expect(await readProgressText(join(d, 'pipe'))).toEqual({ kind: 'special' });
  });

  it('refuses a file over the limit by its size, unread', async () => {
    const file = join(dir(), 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, MAX_PROGRESS_BYTES + 1);
    expect(await readProgressText(file)).toEqual({
      kind: 'too-large',
      bytes: MAX_PROGRESS_BYTES + 1,
      growing: false,
    });
  });

  it('says a blank or UTF-16 file is no text to read', async () => {
    const d = dir();
    writeFileSync(join(d, 'blank.json'), '  \n');
    writeFileSync(join(d, 'utf16.json'), Buffer.from('\uFEFF{"version": 2}', 'utf16le'));
    expect(await readProgressText(join(d, 'blank.json'))).toEqual({
      kind: 'not-text',
      problem: 'is empty or blank (zero-filled)',
    });
    expect(await readProgressText(join(d, 'utf16.json'))).toMatchObject({
      kind: 'not-text',
      problem: expect.stringMatching(/UTF-16/) as string,
    });
  });
});

describe('a progress file whose bytes are not all UTF-8', () => {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  it('reads, with the line of the first stray byte; UTF-8 text, a U+FFFD in it included, has none', async () => {
    const d = dir();
    writeFileSync(
      join(d, 'latin1.json'),
      latin1('{"version": 2,\n "profile": {"name": "Jos\u00e9", "id": "j"}}'),
    );
    expect(await readProgressText(join(d, 'latin1.json'))).toMatchObject({ kind: 'text', strayLine: 2 });
    // The replacement character itself, written as UTF-8 (EF BF BD), is text like any other.
    writeFileSync(join(d, 'utf8.json'), '{"version": 2, "profile": {"name": "Jos\u00e9 \uFFFD", "id": "j"}}');
    expect(await readProgressText(join(d, 'utf8.json'))).toMatchObject({ kind: 'text', strayLine: null });
  });
});

describe('readCappedAsync', () => {
  it('stops once more than the limit came, and says how much had', async () => {
    const file = join(dir(), 'f');
    writeFileSync(file, 'x'.repeat(100_000));
    const handle = await open(file);
    try {
      expect(await readCappedAsync(handle, 99_999)).toEqual({ over: 100_000 });
    } finally {
      await handle.close();
    }
    const again = await open(file);
    try {
      expect(await readCappedAsync(again, 100_000)).toEqual({ text: 'x'.repeat(100_000), utf8: true });
    } finally {
      await again.close();
    }
  });
});
