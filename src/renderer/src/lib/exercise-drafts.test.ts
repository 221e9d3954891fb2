/** A draft comes back for the same student's exercise only, and an empty one is not kept. */
import { describe, expect, it } from 'vitest';
import { keepDraft, keptDraft, type Draft } from './exercise-drafts.ts';

const typed: Draft = {
  answer: { kind: 'explain', text: 'GS is reset by load_segments', selfAssessment: 'partly' },
  self: 'partly',
  modelShown: true,
};

describe('exercise drafts', () => {
  it('come back for the same student, lab and exercise, and no other', () => {
    keepDraft('s1', 'lab-a', 'ex-1', typed);
    expect(keptDraft('s1', 'lab-a', 'ex-1')).toEqual(typed);
    expect(keptDraft('s2', 'lab-a', 'ex-1')).toBeNull();
    expect(keptDraft('s1', 'lab-b', 'ex-1')).toBeNull();
    expect(keptDraft('s1', 'lab-a', 'ex-2')).toBeNull();
  });

  it('are copies: changing what was kept or what came back changes neither', () => {
    const grid: Draft = {
      answer: { kind: 'grid', cells: ['0:stop_this_cpu'] },
      self: null,
      modelShown: false,
    };
    keepDraft('s1', 'lab-a', 'grid', grid);
    (grid.answer as { cells: string[] }).cells.push('1:stop_this_cpu');
    const back = keptDraft('s1', 'lab-a', 'grid');
    expect(back?.answer).toEqual({ kind: 'grid', cells: ['0:stop_this_cpu'] });
    (back?.answer as { cells: string[] }).cells.length = 0;
    expect(keptDraft('s1', 'lab-a', 'grid')?.answer).toEqual({ kind: 'grid', cells: ['0:stop_this_cpu'] });
  });

  it('are dropped once emptied: nothing typed, chosen, rated or shown', () => {
    keepDraft('s3', 'lab-a', 'ex-1', typed);
    keepDraft('s3', 'lab-a', 'ex-1', {
      answer: { kind: 'explain', text: '' },
      self: null,
      modelShown: false,
    });
    expect(keptDraft('s3', 'lab-a', 'ex-1')).toBeNull();
    keepDraft('s3', 'lab-a', 'ex-2', { answer: null, self: null, modelShown: false });
    expect(keptDraft('s3', 'lab-a', 'ex-2')).toBeNull();
    // An answer emptied after the model answer was shown is kept: the box is shown as it was left.
    const emptied: Draft = { answer: { kind: 'explain', text: '' }, self: null, modelShown: true };
    keepDraft('s3', 'lab-a', 'ex-3', emptied);
    expect(keptDraft('s3', 'lab-a', 'ex-3')).toEqual(emptied);
  });
});
