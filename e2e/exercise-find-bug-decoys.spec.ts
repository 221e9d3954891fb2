/**
 * A find_bug's decoys as a student meets them, in lab 1's find-the-bug (two mutants drawn, two decoys
 * never drawn): four options shown; a decoy picked is a wrong try, saved, with what that bug would show;
 * it does not force the answer by elimination as one wrong pick of two options did.
 */
import { makeInstance } from '../src/lab/keys.ts';
import { findBugOptions } from '../src/lab/find-bug-options.ts';
import { MUTANT_RULES } from '../src/lab/mutants.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import type { MutantId } from '../src/sim/index.ts';
import { expect, LABS, studyAs, test } from './harness.ts';

const LAB = '01-why-flush';
const STUDENT = 'decoy-1';

test("lab 1's find-the-bug: four options, and a decoy picked is a wrong try", async ({ page, app }) => {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.id === 'find-the-bug');
  const ex = lab.exercises[n];
  if (!ex || ex.kind !== 'find_bug' || !ex.decoys?.length)
    throw new Error('lab 1 has a find_bug with decoys');
  const inst = makeInstance(ex, variantSeed(STUDENT, `${LAB}/${ex.id}`));
  if (inst.key.kind !== 'find_bug') throw new Error('unreachable');
  const text = (m: string) => MUTANT_RULES[m as MutantId].option;

  await studyAs(page, app.open, 'Dee Coy', STUDENT);
  await app.open(`#/lab/${LAB}/1/${n + 1}`);
  const panel = page.locator('article.exercise');
  const options = panel.getByRole('group', { name: 'Which rule does the broken model break?' });
  // Every option, the decoys among them, each once (in this student's order).
  await expect(options.getByRole('radio')).toHaveCount(4);
  for (const m of findBugOptions(ex))
    await expect(options.getByRole('radio', { name: text(m) })).toHaveCount(1);

  // A decoy picked: wrong, with what its bug would show, and saved as a try.
  const [decoy] = ex.decoys;
  await options.getByRole('radio', { name: text(decoy as string), exact: true }).check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const feedback = panel.getByRole('region', { name: /^Not quite: 0 \/ 3 points/ });
  await expect(feedback.getByRole('heading')).toBeFocused();
  // Its symptom, then where its bug and the broken run part (the grading's own words, grade-decoys.test).
  await expect(feedback).toContainText(
    `Not this one: ${MUTANT_RULES[decoy as MutantId].symptom}; but in the broken run `,
  );
  await expect(page.locator('.ex-list li').nth(n)).toContainText('wrong so far');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  // Three options are left: the free retry, not an answer forced by elimination.
  await expect(panel).toContainText('this try earns up to 100%');
  await expect(panel).not.toContainText('by elimination');

  // The drawn mutant, on the free retry: full credit.
  await options.getByRole('radio', { name: text(inst.key.mutant), exact: true }).check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByRole('region', { name: /^Correct: 3 \/ 3 points/ })).toBeVisible();
});
