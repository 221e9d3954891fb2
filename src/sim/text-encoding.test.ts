import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { encodingProblem, wideEncoding } from './text-encoding.ts';

/** `text` saved in `encoding` (with its byte-order mark when `bom`), then read as UTF-8, as readFile does. */
function readAsUtf8(text: string, encoding: 'utf16le' | 'utf16be' | 'utf32le', bom: boolean): string {
  const body = bom ? `\uFEFF${text}` : text;
  let bytes: Buffer;
  if (encoding === 'utf16le') bytes = Buffer.from(body, 'utf16le');
  else if (encoding === 'utf16be') bytes = Buffer.from(body, 'utf16le').swap16();
  else {
    bytes = Buffer.alloc(body.length * 4);
    [...body].forEach((c, i) => bytes.writeUInt32LE(c.codePointAt(0) ?? 0, i * 4));
  }
  return bytes.toString('utf8');
}

const YAML = 'kernel: after\nplatform:\n  vendor: amd\n  cpus: 4\n';

describe('a file saved as UTF-16 or UTF-32, read as UTF-8', () => {
  it('is named from its byte-order mark (Notepad "Unicode", PowerShell 5 >), or from its NULs without one', () => {
    expect(wideEncoding(readAsUtf8(YAML, 'utf16le', true))).toBe('UTF-16');
    expect(wideEncoding(readAsUtf8(YAML, 'utf16be', true))).toBe('UTF-16');
    expect(wideEncoding(readAsUtf8(YAML, 'utf16le', false))).toBe('UTF-16');
    expect(wideEncoding(readAsUtf8(YAML, 'utf32le', true))).toBe('UTF-32');
    expect(wideEncoding(readAsUtf8(YAML, 'utf32le', false))).toBe('UTF-32');
  });

  it('says what it is and how to save it as UTF-8', () => {
    expect(encodingProblem(readAsUtf8(YAML, 'utf16le', true))).toMatch(
      /^is not UTF-8 text \(it looks like UTF-16, as Windows Notepad saves "Unicode" and PowerShell 5's > writes\): save it as UTF-8 \(in Notepad: Save As, Encoding UTF-8; in PowerShell: \| Out-File -Encoding utf8\)$/,
    );
    expect(encodingProblem(readAsUtf8(YAML, 'utf32le', true), 'Markdown')).toBe(
      'is not UTF-8 text (it looks like UTF-32): save it as UTF-8 Markdown',
    );
  });

  it('says nothing of UTF-8 text, with its mark or without, nor of a stray NUL or two', () => {
    expect(encodingProblem(YAML)).toBeNull();
    expect(encodingProblem(`\uFEFF${YAML}`)).toBeNull();
    expect(encodingProblem('kernel: hôte, 東京\n')).toBeNull();
    expect(encodingProblem(`${YAML}\u0000\u0000`)).toBeNull();
    expect(encodingProblem('')).toBeNull();
  });
});
