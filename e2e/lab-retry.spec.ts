/**
 * Checking the same wrong answer again costs no try (it grades the same, so it tells nothing new), and a
 * predict exercise does not show, in its run so far, what the step in the question decided.
 */
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, LABS, test, studyAs } from './harness.ts';

const LAB = '02-sme-two-wbinvds';
const STUDENT = 'retry-7';

test('a wrong answer checked again costs no new try', async ({ page, app }) => {
  const lab = await loadLab(LABS, LAB);
  const first = lab.exercises[0];
  if (!first) throw new Error('lab 2 has no exercises');
  const inst = makeInstance(first, variantSeed(STUDENT, `${LAB}/${first.id}`));
  const key = referenceAnswer(inst);
  if (key.kind !== 'choose' || inst.exercise.kind !== 'choose')
    throw new Error('lab 2 starts with a choose exercise');
  const texts = inst.exercise.options.map((o) => o.text);
  const wrong = [0, 1, 2].filter((i) => !key.selected.includes(i));
  if (wrong.length < 2) throw new Error('the exercise needs two wrong options for this test');

  // Saved before the lab opens: a profile landing later gives the exercise the student's own variant,
  // which resets the answer being given (CI once checked an option, then found none chosen).
  await studyAs(page, app.open, 'Re Try', STUDENT);
  await app.open(`#/lab/${LAB}/1/1`);
  const panel = page.locator('article.exercise');
  const credit = panel.getByText(/this try earns up to \d+%/);
  await expect(credit).toContainText('up to 100%');

  const check = async (option: number) => {
    // By its text: options are shown in an order of the student's own.
    await panel.getByRole('radio', { name: texts[option], exact: true }).check();
    await panel.getByRole('button', { name: 'Check answer' }).click();
    await expect(panel.getByRole('region', { name: /^Not quite/ })).toBeVisible();
  };
  const said = panel.getByText(/You checked this same answer before/);
  // Two different wrong answers: the first retry is free, the second costs credit.
  await check(wrong[0] as number);
  await check(wrong[1] as number);
  await expect(said).toHaveCount(0);
  const afterTwo = (await credit.textContent()) ?? '';
  expect(afterTwo).not.toContain('up to 100%');

  // Either of them again: said so, and the credit of the next try does not drop.
  await check(wrong[1] as number);
  await expect(said).toBeVisible();
  await expect(credit).toHaveText(afterTwo);
  await check(wrong[0] as number);
  await expect(said).toBeVisible();
  await expect(credit).toHaveText(afterTwo);
});

test("a predict exercise's run so far names the step in the question but not what it decided", async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, LAB);
  const i = lab.exercises.findIndex((e) => e.id === 'predict-after-test');
  if (i < 0) throw new Error('lab 2 has no predict-after-test exercise');
  await app.open(`#/lab/${LAB}/1/${i + 1}`);
  const steps = page.locator('article.exercise .trace li');
  await expect(steps.last()).toContainText('identity_mapped');
  await expect(steps.last()).toContainText('the step in the question');
  await expect(page.locator('article.exercise .trace')).not.toContainText('so wbinvd');
});
