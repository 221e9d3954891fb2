/**
 * A student answers as a guest, then enters their student id: the exercise shows their own variant, and
 * the tries made as the guest weigh on it as the instructor's grade weighs them, so the score the panel
 * gives is the one `flushpoint grade` gives from the file handed in.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { grade, referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { GUEST_ID } from '../src/lab/progress/types.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { formatPoints } from '../src/renderer/src/lib/points.ts';
import { expect, gradeJson, LABS, SHOTS, test } from './harness.ts';

const LAB = '02-sme-two-wbinvds';

test("tries made as a guest count after the student id is entered, as the instructor's grade counts them", async ({
  page,
  app,
}) => {
  const ex = (await loadLab(LABS, LAB)).exercises.find((e) => e.id === 'who-runs-relocate');
  if (!ex || ex.kind !== 'choose') throw new Error('lab 2 has no who-runs-relocate');
  const key = `${LAB}/${ex.id}`;
  const guest = makeInstance(ex, variantSeed(GUEST_ID, key));
  const own = makeInstance(ex, variantSeed('ada-1', key));
  const guestRight = referenceAnswer(guest);
  const ownRight = referenceAnswer(own);
  if (guestRight.kind !== 'choose' || ownRight.kind !== 'choose') throw new Error('unreachable');
  if (guest.exercise.kind !== 'choose' || own.exercise.kind !== 'choose') throw new Error('unreachable');
  const guestOptions = guest.exercise.options;
  const wrong = guestOptions.map((_, i) => i).filter((i) => !guestRight.selected.includes(i));

  await app.open(`#/lab/${LAB}`);
  const article = page.getByRole('article', { name: 'Which CPU runs relocate_kernel' });
  // Two different wrong answers as the guest.
  for (const i of wrong) {
    await article.getByRole('radio', { name: guestOptions[i]?.text, exact: true }).check();
    await article.getByRole('button', { name: 'Check answer' }).click();
    await expect(article.getByRole('region', { name: /^Not quite/ })).toBeVisible();
  }
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Student id').fill('ada-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'The exercises now show the variants of ada-1' }),
  ).toBeVisible();

  // Ada's own variant, answered right at once: worth what two wrong tries leave, not full credit.
  const expected = grade(own, ownRight, { wrongTries: wrong.length, hintsUsed: 0, ruledOut: 0 }).score;
  expect(expected).toBeLessThan(ex.points);
  for (const i of ownRight.selected)
    await article.getByRole('radio', { name: own.exercise.options[i]?.text, exact: true }).check();
  await article.getByRole('button', { name: 'Check answer' }).click();
  // The tries made as the guest are what the credit lost is said to come from.
  await expect(
    article.getByRole('region', {
      name: `Correct: ${formatPoints(expected)} / ${ex.points} points (${Math.round((expected / ex.points) * 100)}%: ${wrong.length} wrong tries before)`,
    }),
  ).toBeVisible();
  await expect(article).toContainText(`you scored ${formatPoints(expected)}`);
  await page.getByRole('status').filter({ hasText: 'The exercises now show' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'lab-id-changed-light.png') });

  // Handed in and graded: the same score.
  await app.open('#/results');
  await page.getByRole('button', { name: 'Save my progress for my instructor…' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const copy = join(app.userDataDir, 'exports', 'flushpoint-progress-ada-1.json');
  expect(JSON.parse(await readFile(copy, 'utf8'))).toHaveProperty('attempts');
  const { rows, stderr } = gradeJson<{ exercise: string; score: number }>([
    copy,
    '--labs',
    LABS,
    '--lab',
    LAB,
    '--by-exercise',
  ]);
  // And no warning that the app recorded another score than the grade gives.
  expect(stderr).not.toContain('has likely changed');
  expect(rows.find((row) => row.exercise === ex.id)?.score).toBeCloseTo(expected, 2);
});
