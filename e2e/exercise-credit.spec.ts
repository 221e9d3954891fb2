/**
 * Credit a student can see: guessing through a single-answer exercise earns nothing for the last option
 * left (and the panel says so before the try, and offers no hint for it), and a solved exercise offers no
 * more credit (no hint to buy, no "this try earns up to", no Check), with its result kept, after a reload
 * too. Partial credit: the best try counts, and every place that says a score says which one counts.
 */
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, expectNoAxeViolations, LABS, test, studyAs } from './harness.ts';

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
  // In the results' words: no try right yet.
  await expect(page.locator('.ex-list li').nth(0).locator('.badge')).toHaveText('wrong so far');

  // Two of three ruled out: the one left is the answer, and the panel says before the try what it earns.
  await check(wrong[1] as number);
  await expect(credit).toContainText('up to 0% (one option is left: the answer by elimination)');
  await expect(panel.getByRole('region', { name: /^Not quite/ })).toContainText(
    'one option is left, the answer by elimination: it counts as solved but earns no credit',
  );

  await check(right);
  // Said once, by the heading: "Correct: 0 / 2 points" read as a grading fault.
  const fb = panel.getByRole('region', { name: /^Solved by elimination: 0 \/ 2 points/ });
  await expect(fb).toBeVisible();
  await expect(fb.getByText(/elimination/)).toHaveCount(1);
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
  // Why not 2: said where the points are.
  await expect(
    panel.getByRole('region', { name: 'Correct: 1.8 / 2 points (90%: 1 hint opened)' }),
  ).toBeVisible();

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
    // Greyed out, and said why.
    await expect(checkButton).toHaveAccessibleDescription(
      'The solution is shown, so this exercise takes no more answers.',
    );
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

test('one option left after the wrong tries: no credit is left, and no hint is offered for the answer left', async ({
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
  if (texts.length !== 3) throw new Error('any-order has three options');
  const wrong = texts.filter((_, i) => !key.selected.includes(i));

  await studyAs(page, app.open, 'Cre Dit', STUDENT);
  await app.open(`#/lab/${LAB1}/1/1`);
  const panel = page.locator('article.exercise');
  const check = async (text: string) => {
    await panel.getByRole('radio', { name: text, exact: true }).check();
    await panel.getByRole('button', { name: 'Check answer' }).click();
  };
  // The first wrong try is free: two options are left.
  await check(wrong[0] as string);
  await expect(panel.getByText(/this try earns up to 100%/)).toBeVisible();
  await check(wrong[1] as string);
  await expect(panel.getByText(/this try earns up to 0%/)).toBeVisible();
  // The answer is known by elimination: a hint would only spend a click.
  await expect(panel.getByRole('button', { name: /^Show a hint/ })).toHaveCount(0);
  await expect(panel.getByText(/^Try again:/)).toHaveText(
    'Try again: one option is left, the answer by elimination: it counts as solved but earns no credit.',
  );
  await expect(panel.getByText(/−10%/)).toHaveCount(0);
});

test('partial credit: the best try counts, and the header, the sentence and the heading say which', async ({
  page,
  app,
}) => {
  // A student whose variant has CPU 3 offline: the other three flush in the TDX flush.
  const STUDENT = 'best-5';
  const LAB4 = '04-tdx-percpu-flag';
  const lab = await loadLab(LABS, LAB4);
  const n = lab.exercises.findIndex((e) => e.id === 'grid-seamcalls');
  const ex = lab.exercises[n];
  if (!ex || ex.kind !== 'grid') throw new Error('lab 4 has the grid-seamcalls grid');
  const key = referenceAnswer(makeInstance(ex, variantSeed(STUDENT, `${LAB4}/${ex.id}`)));
  if (key.kind !== 'grid') throw new Error('a grid exercise');
  // Every online CPU flushes in the TDX flush, and nowhere else.
  expect(key.cells).toEqual([0, 1, 2].map((c) => `${c}:tdx_cpu_flush_cache_for_kexec`));

  await studyAs(page, app.open, 'Cre Dit', STUDENT);
  await app.open(`#/lab/${LAB4}/1/${n + 1}`);
  const panel = page.locator('article.exercise');
  const meta = panel.locator('.meta');
  const heading = panel.locator('.feedback h4');
  const tick = async (cpus: number[]) => {
    for (const cpu of [0, 1, 2, 3])
      await panel
        .getByRole('checkbox', { name: `CPU ${cpu} flushes in tdx_cpu_flush_cache_for_kexec` })
        .setChecked(cpus.includes(cpu));
    await panel.getByRole('button', { name: 'Check answer' }).click();
  };

  // Two of three: 4 of 6, which the exercise now holds.
  await tick([1, 2]);
  await expect(heading).toHaveText('Not quite: 4 / 6 points');
  await expect(meta).toContainText(
    '6 points · you hold 4 (your best try counts) · this try earns up to 6 (100%)',
  );
  // The list and the results say the same word of it; back from the results, the ticks are as left.
  await expect(page.locator('.ex-list li').nth(n).locator('.badge')).toHaveText('wrong so far');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expectNoAxeViolations(page, `"wrong so far" on the open exercise, ${theme}`, '.ex-list');
  }
  await page.getByRole('link', { name: 'See results' }).click();
  await expect(page.getByRole('row', { name: /grid-seamcalls/ }).locator('.badge')).toHaveText(
    'wrong so far',
  );
  await page.goBack();
  await expect(
    panel.getByRole('checkbox', { name: 'CPU 0 flushes in tdx_cpu_flush_cache_for_kexec' }),
  ).not.toBeChecked();
  await expect(
    panel.getByRole('checkbox', { name: 'CPU 1 flushes in tdx_cpu_flush_cache_for_kexec' }),
  ).toBeChecked();
  // One of three, on the free retry: 2 for this try, and the 4 still counts.
  await tick([2]);
  await expect(heading).toHaveText('Not quite: 2 / 6 points for this try; your best, 4, counts');
  await expect(meta).toContainText('you hold 4 (your best try counts) · this try earns up to 5.1 (85%)');
  const hint = panel.getByRole('button', { name: /^Show a hint/ });
  await hint.click();
  await hint.click();
  await expect(meta).toContainText('you hold 4 (your best try counts) · this try earns up to 3.9 (65%)');
  await expect(panel.getByText(/^Try again:/)).toHaveText(
    'Try again: your next try can earn up to 65% (3.9 of 6 points): each retry earns a little less, and the 2 hints opened cost 20%. You hold 4 of 6 points from an earlier try, and your best try counts: a right answer now counts as solved, and your score stays 4.',
  );

  // Right now: solved, for 3.9 this try, and the 4 is the score, in the header and the results.
  await tick([0, 1, 2]);
  await expect(heading).toHaveText(
    'Correct: 3.9 / 6 points for this try (65%: 2 wrong tries before and 2 hints opened); your best, 4, counts',
  );
  await expect(meta).toContainText('6 points · you scored 4');
  await expect(page.locator('.ex-list li').nth(n).locator('.badge')).toHaveText('solved');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expectNoAxeViolations(
      page,
      `a solved grid with a better earlier try, ${theme}`,
      'article.exercise',
    );
  }
  await app.open(`#/results/${LAB4}`);
  const row = page.getByRole('row', { name: /grid-seamcalls/ });
  await expect(row).toContainText('4 / 6');
  await expect(row).toContainText('solved');
});
