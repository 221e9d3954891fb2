/**
 * A student comes back to a lab: Home says where to go on, the open exercise has an address that survives
 * a reload, and Results links each exercise back to itself.
 */
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, LABS, test } from './harness.ts';

const LAB = '02-sme-two-wbinvds';
const STUDENT = 'resume-5';

test('Home says where to go on, the open exercise survives a reload, Results links back to it', async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, LAB);
  const [first, second, , fourth] = lab.exercises;
  if (!first || !second || !fourth) throw new Error('lab 2 has fewer than four exercises');

  await app.open('#/labs');
  await page.getByLabel('Name').fill('Re Sume');
  await page.getByLabel('Student id').fill(STUDENT);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Studying as')).toBeVisible();
  const card = page.locator('ol.labs > li', { hasText: lab.title });
  // Nothing tried yet: no "go on" link, the title is the way in.
  await expect(card.getByRole('link', { name: /^Go on:/ })).toHaveCount(0);

  // Solve the first exercise (the model computes this student's answer).
  await card.getByRole('link', { name: lab.title, exact: true }).click();
  const inst = makeInstance(first, variantSeed(STUDENT, `${LAB}/${first.id}`));
  const a = referenceAnswer(inst);
  if (a.kind !== 'choose' || inst.exercise.kind !== 'choose')
    throw new Error('lab 2 starts with a choose exercise');
  const panel = page.locator('article.exercise');
  // By its text: options are shown in an order of the student's own.
  for (const i of a.selected)
    await panel.getByRole('radio', { name: inst.exercise.options[i]?.text, exact: true }).check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByRole('region', { name: /^Correct/ })).toBeVisible();

  // Home: go on at the second exercise, which opens in view with its address.
  await app.open('#/labs');
  const goOn = card.getByRole('link', { name: `Go on: 2. ${second.title}` });
  await goOn.click();
  await expect(page).toHaveURL(new RegExp(`#/lab/${LAB}/1/2$`));
  await expect(page.getByRole('article', { name: second.title })).toBeInViewport();
  await expect(page.getByRole('heading', { name: 'Exercises', level: 2 })).toBeFocused();

  // Choosing another exercise keeps the address current (no new history entry), so a reload keeps it.
  await page.locator('.ex-list li').nth(3).getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`#/lab/${LAB}/1/4$`));
  await page.reload();
  await expect(page.getByRole('article', { name: fourth.title })).toBeVisible();
  await expect(page.locator('.ex-list li').nth(3).getByRole('button')).toHaveAttribute(
    'aria-current',
    'true',
  );

  // Results: each exercise is a link back to itself.
  await app.open(`#/results/${LAB}`);
  await page.getByRole('link', { name: second.title }).click();
  await expect(page).toHaveURL(new RegExp(`#/lab/${LAB}/1/2$`));
  await expect(page.getByRole('article', { name: second.title })).toBeInViewport();

  // A fresh load at the last exercise: it stays in view while the model above loads its tables.
  const last = lab.exercises.at(-1);
  await app.open(`#/lab/${LAB}/1/${lab.exercises.length}`);
  await expect(page.getByRole('article', { name: last?.title ?? '' })).toBeInViewport();
  await expect(page.getByRole('table', { name: 'Every WBINVD of this run' })).toBeVisible();
  await expect(page.getByRole('article', { name: last?.title ?? '' })).toBeInViewport();
});
