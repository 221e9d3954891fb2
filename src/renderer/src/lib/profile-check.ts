/**
 * What the profile form says before saving: the missing field asked for by name, and the id's rule only
 * for an id that breaks it (an empty id was told the characters it may use, which is no help).
 */

/** The student id's rule: it names the student's copy of their progress and seeds their variants. */
const ID_RULE = /^[\w.-]{1,64}$/;

/** The problem with a name and id as typed (trimmed by the caller), or null when they can be saved. */
export function profileProblem(name: string, id: string): string | null {
  if (!name && !id) return 'Please enter your name and student id.';
  if (!name) return 'Please enter your name.';
  if (!id) return 'Please enter your student id.';
  if (!ID_RULE.test(id))
    return 'The student id may use letters, digits, dot, dash and underscore (up to 64).';
  return null;
}
