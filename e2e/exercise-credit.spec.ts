/**
 * Credit a student can see: guessing through a single-answer exercise earns nothing for the last option
 * left (and the panel says so before the try), and a solved exercise offers no more credit (no hint to
 * buy, no "this try earns up to", no Check), with its result kept, after a reload too.
 */
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, LABS, test, studyAs } from './harness.ts';

const LAB = '02-sme-two-wbinvds';

/** who-runs-relocate (three options) for this student: its options' texts, the right one and the wrong. */
async function whoRunsRelocate(student: string) {
  const lab = await loadLab(LABS, LAB);
  const ex = lab.exercises[0];
  if (!ex || ex.id !== 'who-runs-relocate') throw new Error('lab 2 starts with who-runs-relocate');
  const inst = makeInstance(ex, variantSeed(student, `${LAB}/${ex.id}`));
  const key = referenceAnswer(inst);
  if (key.kind !== 'choose' || inst.exercise.kind !== 'choose') throw new Error('a choose exercise');
  const texts = inst.exercise.options.map((o) => o.text);
  const right = key.selected[0] as number;
  const wrong = texts.map((_, i) => i).filter((i) => i !== right);
  if (texts.length !== 3 || wrong.length !== 2) throw new Error('who-runs-relocate has three options');
  return { texts, right, wrong };
}

test('guessing through three options: the last one left is solved for 0 points, as the panel said', async ({
  page,
  app,
}) => {
  const STUDENT = 'guess-3';
  const { texts, right, wrong } = await whoRunsRelocate(STUDENT);
  await studyAs(page, app.open, 'Cre Dit', STUDENT);
  await app.open(`#/lab/${LAB}/1/1`);
  const panel = page.locator('article.exercise');
  const credit = panel.getByText(/this try earns up to \d+%/);
  const check = async (option: number) => {
    // By its text: options are shown in an order of the student's own.
    await panel.getByRole('radio', { name: texts[option], exact: true }).check();
    await panel.getByRole('button', { name: 'Check answer' }).click();
  };

  await check(wrong[0] as number);
  await expect(panel.getByRole('region', { name: /^Not quite/ })).toContainText(
    'your next try can still earn full credit',
  );
  await expect(credit).toContainText('up to 100%');
  await expect(page.locator('.ex-list li').nth(0)).toContainText('tried');

  // Two of three ruled out: the one left is the answer, and the panel says before the try what it earns.
  await check(wrong[1] as number);
  await expect(credit).toContainText('up to 0% (one option is left: the answer by elimination)');
  await expect(panel.getByRole('region', { name: /^Not quite/ })).toContainText(
    'one option is left, the answer by elimination: it counts as solved but earns no credit',
  );

  await check(right);
  const fb = panel.getByRole('region', { name: /^Correct: 0 \/ 2 points/ });
  await expect(fb).toBeVisible();
  await expect(fb).toContainText('Solved by elimination');
  await expect(page.locator('.ex-list li').nth(0)).toContainText('solved');

  // The results agree: solved, for none of its points.
  await app.open(`#/results/${LAB}`);
  const row = page.getByRole('row', { name: /who-runs-relocate/ });
  await expect(row).toContainText('0 / 2');
  await expect(row).toContainText('solved');
});

test('a solved exercise offers nothing more and keeps its result, after a reload too', async ({
  page,
  app,
}) => {
  const STUDENT = 'done-5';
  const { texts, right, wrong } = await whoRunsRelocate(STUDENT);
  await studyAs(page, app.open, 'Cre Dit', STUDENT);
  await app.open(`#/lab/${LAB}/1/1`);
  const panel = page.locator('article.exercise');
  const hint = panel.getByRole('button', { name: /^Show a hint/ });
  const checkButton = panel.getByRole('button', { name: 'Check answer' });
  const rightRadio = panel.getByRole('radio', { name: texts[right], exact: true });

  // One wrong try opens a hint, which is taken: the right answer then earns 90%.
  await panel.getByRole('radio', { name: texts[wrong[0] as number], exact: true }).check();
  await checkButton.click();
  await expect(panel.getByRole('region', { name: /^Not quite/ })).toBeVisible();
  await hint.click();
  await expect(panel.getByRole('region', { name: 'Hints' })).toBeVisible();
  await expect(panel.getByText(/this try earns up to 90%/)).toBeVisible();
  // The sentence under the wrong answer says the same as the header: the hint cost the full credit.
  const tryAgain = panel.getByText(/^Try again:/);
  await expect(tryAgain).toHaveText(
    'Try again: your next try can earn up to 90%: the hint opened costs 10%.',
  );
  await rightRadio.check();
  await checkButton.click();
  await expect(panel.getByRole('region', { name: /^Correct: 1\.8 \/ 2 points/ })).toBeVisible();

  const expectDone = async () => {
    await expect(panel.locator('.meta .badge.ok')).toHaveText('solved');
    await expect(panel.locator('.meta')).toContainText('2 points · you scored 1.8');
    await expect(panel.getByText(/earns up to/)).toHaveCount(0);
    await expect(hint).toHaveCount(0);
    await expect(checkButton).toBeDisabled();
    // The answer that solved it stays, and cannot be changed into another try.
    await expect(rightRadio).toBeChecked();
    await expect(rightRadio).toBeDisabled();
    await expect(panel.getByRole('region', { name: /^Correct: 1\.8 \/ 2 points/ })).toBeVisible();
    await expect(panel.getByText(/^Try again/)).toHaveCount(0);
  };
  await expectDone();

  // A reload reads the attempts back: the exercise looks the same.
  await page.reload();
  await expect(panel.locator('#ex-who-runs-relocate-h')).toBeVisible();
  await expectDone();
});

test('the solution shown: focus goes to it, and nothing more is offered, after a reload too', async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.id === 'grid-sme-active');
  if (n < 0) throw new Error('lab 2 has no grid-sme-active exercise');
  await studyAs(page, app.open, 'Cre Dit', 'shown-2');
  await app.open(`#/lab/${LAB}/1/${n + 1}`);
  const panel = page.locator('article.exercise');
  const checkButton = panel.getByRole('button', { name: 'Check answer' });
  // Three different wrong grids: one remote CPU's stop_this_cpu alone each time.
  for (const cpu of [1, 2, 3]) {
    for (const other of [1, 2, 3])
      await panel
        .getByRole('checkbox', { name: `CPU ${other} flushes in stop_this_cpu` })
        .setChecked(other === cpu);
    await checkButton.click();
    await expect(panel.getByRole('region', { name: /^Not quite/ })).toBeVisible();
  }
  await panel.getByRole('button', { name: 'Show solution (counts as not solved)' }).click();
  // Its button went away: focus is on what it showed.
  await expect(panel.getByRole('heading', { name: 'Solution', exact: true })).toBeFocused();

  const expectShown = async () => {
    await expect(panel.locator('.meta .badge.warn')).toHaveText('solution shown (not solved)');
    await expect(panel.getByText(/earns up to/)).toHaveCount(0);
    await expect(panel.getByRole('button', { name: /^Show a hint/ })).toHaveCount(0);
    await expect(checkButton).toBeDisabled();
    await expect(panel.getByText(/^Try again/)).toHaveCount(0);
    // The last answer stays, and cannot be changed into another try.
    const last = panel.getByRole('checkbox', { name: 'CPU 3 flushes in stop_this_cpu' });
    await expect(last).toBeChecked();
    await expect(last).toBeDisabled();
  };
  await expectShown();
  await page.reload();
  await expect(panel.getByRole('region', { name: 'Solution', exact: true })).toBeVisible();
  await expectShown();
});

test('two options, one wrong try: no credit is left, and the hint is offered free, not at a cost', async ({
  page,
  app,
}) => {
  const STUDENT = 'two-1';
  const LAB1 = '01-why-flush';
  const lab = await loadLab(LABS, LAB1);
  const ex = lab.exercises[0];
  if (!ex || ex.id !== 'any-order') throw new Error('lab 1 starts with any-order');
  const inst = makeInstance(ex, variantSeed(STUDENT, `${LAB1}/${ex.id}`));
  const key = referenceAnswer(inst);
  if (key.kind !== 'choose' || inst.exercise.kind !== 'choose') throw new Error('a choose exercise');
  const texts = inst.exercise.options.map((o) => o.text);
  if (texts.length !== 2) throw new Error('any-order has two options');
  const wrong = texts.find((_, i) => !key.selected.includes(i)) as string;

  await studyAs(page, app.open, 'Cre Dit', STUDENT);
  await app.open(`#/lab/${LAB1}/1/1`);
  const panel = page.locator('article.exercise');
  await panel.getByRole('radio', { name: wrong, exact: true }).check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByText(/this try earns up to 0%/)).toBeVisible();
  await expect(panel.getByRole('button', { name: /^Show a hint/ })).toHaveText(
    'Show a hint (1 available; free: no credit is left to lose)',
  );
  await expect(panel.getByText(/^Try again:/)).toHaveText(
    'Try again: one option is left, the answer by elimination: it counts as solved but earns no credit. A hint is available, free: there is no credit left to lose.',
  );
  await expect(panel.getByText(/−10%/)).toHaveCount(0);
});
