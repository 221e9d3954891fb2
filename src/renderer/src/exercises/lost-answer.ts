/**
 * What the exercise panel tells a student whose saved answer names an option the lab no longer has as
 * they saw it (the instructor reworded or removed it since: answer-texts.ts). Their answer is then shown
 * by its number, which may be another option than the one they picked: said, never left silent, so that
 * they can ask their instructor. Inline Markdown, as option texts are (the panel sanitises it).
 */
import type { LostText } from '../../../lab/answer-texts.ts';
import { findBugOptionText } from '../../../lab/find-bug-options.ts';
import type { Exercise } from '../../../lab/types.ts';
import { substitute, type ParamValues } from '../../../lab/variants.ts';

/** An option or item as the student saw it: a find_bug one by its rule's wording, the rest with its values. */
function seen(ex: Exercise, text: string, values: ParamValues): string {
  if (ex.kind === 'find_bug') return findBugOptionText(text);
  return String(substitute(text, values));
}

/** The note for `lost` (of the answer shown), or null when there is nothing to say. */
export function lostAnswerNote(ex: Exercise, lost: readonly LostText[], values: ParamValues): string | null {
  if (lost.length === 0) return null;
  const what = ex.kind === 'order' ? 'item' : 'option';
  const said = lost.map((t) => {
    const was = `“${seen(ex, t.text, values)}”`;
    return t.now === undefined
      ? `the ${what} you had as ${was} is no longer in it, and nothing is in its place`
      : `the ${what} you had as ${was} is shown as the one now in its place, “${seen(ex, t.now, values)}”`;
  });
  return `This exercise was changed after you answered: ${said.join('; ')}. If that is not what you picked, tell your instructor.`;
}
