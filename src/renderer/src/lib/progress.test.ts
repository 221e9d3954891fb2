import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attempt } from '../../../lab/progress/types.ts';

const saved: string[] = [];
const refused = new Set<string>();
vi.mock('../api.ts', () => ({
  api: {
    saveAttempt: async (a: Attempt) => {
      if (refused.has(a.id)) throw new Error(`cannot save the attempt ${a.id}`);
      saved.push(a.id);
    },
  },
}));
const { progress, recordAttempt, retryUnsaved } = await import('./progress.svelte.ts');

const attempt = (id: string) => ({ id }) as unknown as Attempt;

describe('retryUnsaved', () => {
  beforeEach(() => {
    saved.length = 0;
    refused.clear();
    progress.unsaved = [];
    progress.attempts = [];
    progress.error = null;
  });

  it('saves the answers after one that is refused every time, in order, and keeps the refused one', async () => {
    refused.add('a1').add('a2').add('a3');
    for (const id of ['a1', 'a2', 'a3']) expect(await recordAttempt(attempt(id))).toBe(false);
    refused.delete('a2');
    refused.delete('a3');
    await retryUnsaved();
    expect(saved).toEqual(['a2', 'a3']);
    expect(progress.unsaved.map((a) => a.id)).toEqual(['a1']);
    expect(progress.error).toBe('Saving still fails for one answer (kept here): cannot save the attempt a1');
    expect(progress.attempts.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('clears the error once every answer is saved', async () => {
    refused.add('b1');
    await recordAttempt(attempt('b1'));
    refused.clear();
    await retryUnsaved();
    expect(saved).toEqual(['b1']);
    expect(progress.unsaved).toEqual([]);
    expect(progress.error).toBeNull();
  });
});
