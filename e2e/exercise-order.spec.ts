/**
 * An order exercise starts shuffled and never right: checking it before any item is moved is refused,
 * as a blank grid is, and costs no try (nothing saved), instead of scoring the pairs the shuffle happened
 * to leave in order. And a pair the exercise requires (`must`) the wrong way round earns nothing.
 */
import { loadLab } from '../src/node/labs/load.ts';
import { expect, LABS, test } from './harness.ts';

const LAB = '02-sme-two-wbinvds';

test('Check on the untouched starting order is refused and not saved; once an item moves, it is checked', async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.id === 'stop-order');
  if (n < 0) throw new Error('lab 2 has no stop-order exercise');
  await app.open(`#/lab/${LAB}/1/${n + 1}`);
  const panel = page.locator('article.exercise');
  await expect(panel.locator('#ex-stop-order-h')).toBeVisible();
  const feedback = panel.getByRole('region', { name: /^(Not quite|Correct)/ });
  const saves = () => app.calls.filter((c) => c === 'progress:save-attempt').length;

  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByText('Move at least one item first.')).toBeVisible();
  await expect(feedback).toHaveCount(0);
  await expect(panel.getByText(/this try earns up to 100%/)).toBeVisible();
  await expect(page.locator('.ex-list li').nth(n)).not.toContainText('tried');
  expect(saves()).toBe(0);

  // One item moved: an answer, graded and saved.
  await panel
    .getByRole('button', { name: /^Move down:/ })
    .first()
    .click();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(feedback).toBeVisible();
  await expect(panel.getByText('Move at least one item first.')).toHaveCount(0);
  await expect.poll(saves).toBe(1);
});

test('an order the exercise is about, the wrong way round: no credit, said without naming the pair', async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.id === 'stop-order');
  const ex = lab.exercises[n];
  if (!ex || ex.kind !== 'order') throw new Error('lab 2 has the stop-order exercise');
  await app.open(`#/lab/${LAB}/1/${n + 1}`);
  const panel = page.locator('article.exercise');
  await expect(panel.getByText('with either the wrong way round, the answer earns no credit')).toBeVisible();
  // The trace's order but for the relocate_kernel WBINVD after swap_pages: 14 of 15 pairs right.
  const wanted = [1, 0, 2, 4, 3, 5].map((i) => ex.items[i]?.label.replace(/`/g, '') as string);
  for (let pos = 0; pos < wanted.length; pos++) {
    const label = wanted[pos] as string;
    let at = (await panel.locator('ol.order > li .label').allTextContents()).indexOf(label);
    expect(at, label).toBeGreaterThanOrEqual(0);
    for (; at > pos; at--) await panel.getByRole('button', { name: `Move up: ${label}` }).click();
  }
  await expect(panel.locator('ol.order > li .label')).toHaveText(wanted);
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const feedback = panel.getByRole('region', { name: /^Not quite: 0 \/ 3 points/ });
  await expect(feedback).toContainText(
    '1 pair is out of order compared with the trace, among them one this exercise is about: with it the wrong way round, the answer earns no credit.',
  );
  await expect(feedback).not.toContainText('swap_pages');
});
