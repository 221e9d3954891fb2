/**
 * A select-all exercise after a wrong try: its picks are counted (how many are false, how many true
 * statements are not selected), never marked one by one, which handed over the key; once it is solved,
 * or its solution shown, every pick is marked and explained.
 */
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { MARKS_WITHHELD } from '../src/renderer/src/exercises/pick-marks.ts';
import { expect, expectNoAxeViolations, LABS, SHOTS, test, studyAs } from './harness.ts';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';

const LAB = '02-sme-two-wbinvds';

/** flags-word-facts for this student: its number in the lab, its options' texts, which are true. */
async function flagsWordFacts(student: string) {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.id === 'flags-word-facts');
  const ex = lab.exercises[n];
  if (!ex || ex.kind !== 'choose' || !ex.multiple)
    throw new Error('lab 2 has the select-all flags-word-facts');
  const key = referenceAnswer(makeInstance(ex, variantSeed(student, `${LAB}/${ex.id}`)));
  if (key.kind !== 'choose') throw new Error('a choose answer');
  const texts = ex.options.map((o) => o.text);
  return {
    number: n + 1,
    texts,
    right: key.selected,
    wrong: texts.map((_, i) => i).filter((i) => !key.selected.includes(i)),
  };
}

test('a wrong try counts the picks and marks none; solved, every pick is marked', async ({ page, app }) => {
  const STUDENT = 'picks-1';
  const { number, texts, right, wrong } = await flagsWordFacts(STUDENT);
  await studyAs(page, app.open, 'Pick Marks', STUDENT);
  await app.open(`#/lab/${LAB}/1/${number}`);
  const panel = page.locator('article.exercise');
  const box = (i: number) => panel.getByRole('checkbox', { name: texts[i], exact: true });

  // Every statement ticked: marked one by one, the wrong marks would be the key.
  for (const i of texts.keys()) await box(i).check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const fb = panel.getByRole('region', { name: /^Not quite/ });
  await expect(fb.getByRole('heading', { level: 4 })).toBeFocused();
  await expect(fb).toContainText(
    `${wrong.length} of your ${texts.length} picks ${wrong.length === 1 ? 'is' : 'are'} false.`,
  );
  await expect(fb).toContainText(MARKS_WITHHELD);
  // No pick named, marked right or wrong, explained, or its misconception said.
  for (const t of texts) await expect(fb).not.toContainText(t);
  await expect(fb.locator('.badge', { hasText: /^right$/ })).toHaveCount(0);
  await expect(fb).not.toContainText('Misconception');
  await expectNoAxeViolations(page, 'a select-all exercise after a wrong try', 'article.exercise');
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'exercise-picks-withheld.png'), fullPage: false });

  // Solved: each pick marked and explained, the false statements explained below.
  for (const i of wrong) await box(i).uncheck();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const ok = panel.getByRole('region', { name: /^Correct/ });
  await expect(ok).toBeVisible();
  await expect(ok).not.toContainText(MARKS_WITHHELD);
  await expect(ok.locator('li', { has: page.locator('.badge', { hasText: /^right$/ }) })).toHaveCount(
    right.length,
  );
  for (const i of right) await expect(ok).toContainText(texts[i] as string);
  await expect(panel.getByRole('region', { name: 'The false statements, and why' })).toBeVisible();
});

test('with the solution shown, the last wrong try is marked pick by pick', async ({ page, app }) => {
  const STUDENT = 'picks-2';
  const { number, texts, right, wrong } = await flagsWordFacts(STUDENT);
  await studyAs(page, app.open, 'Pick Shown', STUDENT);
  await app.open(`#/lab/${LAB}/1/${number}`);
  const panel = page.locator('article.exercise');
  const box = (i: number) => panel.getByRole('checkbox', { name: texts[i], exact: true });
  const check = () => panel.getByRole('button', { name: 'Check answer' }).click();
  // Three different wrong tries, each with the same false statement: one true statement added each time.
  const [w] = wrong as [number];
  const [t0, t1] = right as [number, number];
  for (const i of [w, t0, t1]) {
    await box(i).check();
    await check();
    await expect(panel.getByRole('region', { name: /^Not quite/ })).toContainText(MARKS_WITHHELD);
  }
  await panel.getByRole('button', { name: /^Show solution/ }).click();
  await expect(panel.getByRole('region', { name: 'Solution' })).toBeVisible();
  const fb = panel.getByRole('region', { name: /^Not quite/ });
  await expect(fb).not.toContainText(MARKS_WITHHELD);
  // The false statement picked, marked wrong; the two true ones, right.
  const marked = (mark: string) => fb.locator('li', { has: page.locator('.badge', { hasText: mark }) });
  await expect(marked('wrong').filter({ hasText: texts[w] as string })).toHaveCount(1);
  await expect(marked('right')).toHaveCount(2);
});
