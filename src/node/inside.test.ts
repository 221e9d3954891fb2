import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside } from './inside.ts';

describe('isInside', () => {
  const dir = join('/srv', 'lab');
  it('a file or folder below the folder is inside; the folder itself, its parent and a sibling are not', () => {
    expect(isInside(dir, join(dir, 'steps', 'a.md'))).toBe(true);
    expect(isInside(dir, dir)).toBe(false);
    expect(isInside(dir, '/srv')).toBe(false);
    expect(isInside(dir, join('/srv', 'lab2', 'a.md'))).toBe(false);
    expect(isInside(dir, join(dir, '..', 'other', 'a.md'))).toBe(false);
  });

  it('a name that starts with two dots is inside (only a .. segment leads out)', () => {
    expect(isInside(dir, join(dir, '..notes.md'))).toBe(true);
    expect(isInside(dir, join(dir, 'steps', '...'))).toBe(true);
  });
});
