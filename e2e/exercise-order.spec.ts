/**
 * An order exercise starts shuffled and never right: checking it before any item is moved is refused,
 * as a blank grid is, and costs no try (nothing saved), instead of scoring the pairs the shuffle happened
 * to leave in order.
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
