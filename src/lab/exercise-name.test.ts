import { describe, expect, it } from 'vitest';
import { exerciseName, kindLabel, taskPhrase } from './exercise-name.ts';

describe('exercise names', () => {
  it('names an untitled exercise by its kind, as the lab format spells it', () => {
    expect(kindLabel('find_bug')).toBe('find bug');
    expect(exerciseName({ kind: 'grid' })).toBe('grid');
    expect(exerciseName({ kind: 'grid', title: 'Who flushes' })).toBe('Who flushes');
  });

  it('tells the student what to do, one answer or several', () => {
    expect(taskPhrase({ kind: 'choose', multiple: false })).toBe('Select one answer');
    expect(taskPhrase({ kind: 'choose', multiple: true })).toBe('Select every true statement');
    const kinds = ['grid', 'order', 'predict', 'find_bug', 'explain'] as const;
    const phrases = kinds.map((kind) => taskPhrase({ kind }));
    expect(new Set(phrases).size).toBe(kinds.length);
    for (const p of phrases) expect(p).not.toMatch(/_|^(grid|order|predict|explain)$/);
  });
});
