/** How an exercise is named to students and instructors: its title, else its kind in words. */
import type { Exercise } from './types.ts';

/** "find bug" for find_bug: the kind as a badge shows it. */
export function kindLabel(kind: Exercise['kind']): string {
  return kind.replace('_', ' ');
}

/** The exercise's title, or its kind when the lab gives it none. */
export function exerciseName(ex: Pick<Exercise, 'kind' | 'title'>): string {
  return ex.title ?? kindLabel(ex.kind);
}

/**
 * What the student is asked to do, in the Results screen's words (an exercise's own form says it in its
 * legend, in the same words for a choose). The kind names ("choose", "find bug") are the lab format's,
 * which instructors' screens keep, as AUTHORING.md uses them.
 */
export function taskPhrase(ex: Pick<Exercise, 'kind'> & { multiple?: boolean }): string {
  switch (ex.kind) {
    case 'choose':
      return ex.multiple ? 'Select every true statement' : 'Select one answer';
    case 'grid':
      return 'Mark every WBINVD';
    case 'order':
      return 'Put steps in order';
    case 'predict':
      return 'Predict what happens next';
    case 'find_bug':
      return 'Find the bug';
    case 'explain':
      return 'Explain in your words';
  }
}
