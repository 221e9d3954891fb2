/**
 * An order exercise with a pair the reference leaves open (lab 1's stale-line story: the stale lines and
 * the jump): the order the model did not take is full credit too, and the feedback says why.
 */
import { expect, test } from './harness.ts';

const LABELS = [
  'The new kernel finds some of its lines overwritten',
  'swap_pages copies the new kernel, unencrypted (C=0)',
  'Dirty lines still cached leave in some order',
  'The jump to image->start',
];

test('the other order of an open pair is right: write-backs before the jump score full', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  await page.getByRole('button', { name: /How a stale line corrupts/ }).click();
  const panel = page.locator('article.exercise');
  await expect(panel.getByText('either order of those two is right')).toBeVisible();
  // The model's order is copy, jump, write-backs, corruption found; put the write-backs before the jump.
  const wanted = [1, 2, 3, 0];
  for (let pos = 0; pos < wanted.length; pos++) {
    const label = LABELS[wanted[pos] as number] as string;
    const items = panel.locator('ol.order > li .label');
    let at = (await items.allTextContents()).indexOf(label);
    expect(at, label).toBeGreaterThanOrEqual(0);
    while (at > pos) {
      await panel.getByRole('button', { name: `Move up: ${label}` }).focus();
      await page.keyboard.press('Enter');
      at--;
    }
  }
  await expect(panel.locator('ol.order > li .label')).toHaveText(wanted.map((i) => LABELS[i] as string));
  // Labels are inline Markdown: code in code type, and the buttons named by the words alone.
  await expect(panel.locator('ol.order > li .label code')).toHaveText(['swap_pages', 'image->start']);
  await expect(panel.getByRole('button', { name: 'Move down: The jump to image->start' })).toBeVisible();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const feedback = panel.getByRole('region', { name: /^Correct: 3 \/ 3 points/ });
  await expect(feedback).toBeVisible();
  await expect(feedback).toContainText('where it leaves one open, either is right');
});
