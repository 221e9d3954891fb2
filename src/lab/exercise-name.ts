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
