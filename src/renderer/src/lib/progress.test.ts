import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attempt } from '../../../lab/progress/types.ts';

const saved: string[] = [];
const refused = new Set<string>();
// A profile save waits for the test to settle it, as the store's confirmation arrives later.
const profileSaves: { id: string; settle: (error?: Error) => void }[] = [];
vi.mock('../api.ts', () => ({
  api: {
    setProfile: (p: { id: string }) =>
      new Promise<void>((resolve, reject) =>
        profileSaves.push({ id: p.id, settle: (error) => (error ? reject(error) : resolve()) }),
      ),
    saveAttempt: async (a: Attempt) => {
      if (refused.has(a.id)) throw new Error(`cannot save the attempt ${a.id}`);
      saved.push(a.id);
    },
  },
}));
const { progress, recordAttempt, retryUnsaved, saveProfile, studentId } =
  await import('./progress.svelte.ts');

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

describe('saveProfile', () => {
  beforeEach(() => {
    profileSaves.length = 0;
    progress.profile = null;
    progress.switchedFrom = null;
    progress.attempts = [];
  });

  it('switches to the new id at once, before the store confirms it', async () => {
    progress.attempts = [attempt('x')];
    const saving = saveProfile({ name: 'Ada', id: 'ada' });
    // What an exercise opened meanwhile reads: the student's own variants already, not the guest's.
    expect(studentId()).toBe('ada');
    expect(progress.switchedFrom).toBe('guest');
    profileSaves[0]?.settle();
    await saving;
    expect(progress.profile).toEqual({ name: 'Ada', id: 'ada' });
  });

  it('puts the previous profile back when the store refuses it, and says why', async () => {
    progress.profile = { name: 'Ada', id: 'ada' };
    progress.attempts = [attempt('x')];
    const saving = saveProfile({ name: 'Bob', id: 'bob' });
    expect(studentId()).toBe('bob');
    profileSaves[0]?.settle(new Error('disk full'));
    await expect(saving).rejects.toThrow('disk full');
    expect(progress.profile).toEqual({ name: 'Ada', id: 'ada' });
    expect(progress.switchedFrom).toBeNull();
    // Said by whichever profile form shows next (the one that sent it may be gone).
    expect(progress.refused?.error).toBe('Could not save: disk full');
    expect(progress.refused?.profile).toEqual({ name: 'Bob', id: 'bob' });
    const again = saveProfile({ name: 'Bob', id: 'bob' });
    expect(progress.refused).toBeNull();
    profileSaves[1]?.settle();
    await again;
  });

  it('keeps a later profile when an earlier save is refused after it', async () => {
    const first = saveProfile({ name: 'Ada', id: 'ada' });
    const second = saveProfile({ name: 'Bob', id: 'bob' });
    profileSaves[1]?.settle();
    await second;
    profileSaves[0]?.settle(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    expect(studentId()).toBe('bob');
  });
});
