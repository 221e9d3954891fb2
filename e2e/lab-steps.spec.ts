/**
 * A student answers an exercise, then reads the steps again: the answer they chose and the feedback they
 * got stay, and the lab is not read again from disk for each step.
 */
import { expect, test } from './harness.ts';

test('moving between steps keeps the exercise, its answer and its feedback', async ({ page, app }) => {
  await app.open('#/lab/02-sme-two-wbinvds/1');
  await page.getByLabel('Name').fill('Stepper');
  await page.getByLabel('Student id').fill('steps-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('(steps-1)')).toBeVisible();

  const panel = page.locator('article.exercise');
  const choice = panel.locator('.choice input').first();
  await choice.check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const feedback = panel.getByRole('region', { name: /^(Not quite|Correct)/ });
  await expect(feedback).toBeVisible();
  const said = await feedback.textContent();

  await page.getByRole('button', { name: /^Next lab step: / }).click();
  await expect(page.getByRole('region', { name: /^Step 2:/ })).toBeVisible();
  await page.getByRole('button', { name: /^Previous lab step: / }).click();
  await expect(page.getByRole('region', { name: /^Step 1:/ })).toBeVisible();

  await expect(choice).toBeChecked();
  await expect(feedback).toHaveText(said ?? '');
  // One more call after the steps: any lab re-read they started has reached the test process before it,
  // so this count is final (a late re-read is what used to wipe the answer and the feedback).
  // steps-1's first option is the true one: solved, Check is done with. A second answer, to the next
  // exercise (a grid), is the call that comes after.
  await expect(panel.getByRole('button', { name: 'Check answer' })).toBeDisabled();
  await page.locator('.ex-list li').nth(1).getByRole('button').click();
  await panel.getByRole('checkbox').first().check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect.poll(() => app.calls.filter((c) => c === 'progress:save-attempt').length).toBe(2);
  expect(app.calls.filter((c) => c === 'labs:get')).toHaveLength(1);
});

test("the reference's evidence tags in a step's prose are badges that say what they mean", async ({
  page,
  app,
}) => {
  await app.open('#/lab/03-supported-vs-active/2');
  const prose = page.getByRole('region', { name: /^Step 2:/ });
  const inf = prose.locator('abbr.badge', { hasText: 'INF' });
  await expect(inf).toHaveAttribute('title', 'inferred from the code, not confirmed by the authors');
  await expect(inf).toHaveClass(/warn/);
  await expect(prose.locator('abbr.badge', { hasText: 'DIFF' })).toHaveAttribute(
    'title',
    'read in the patch or tip commit',
  );
  await expect(prose).not.toContainText('[INF]');
});

test("Next exercise on the last but one: the last exercise's heading takes focus, not the page", async ({
  page,
  app,
}) => {
  await app.open('#/lab/02-sme-two-wbinvds/1/9');
  const next = page.getByRole('button', { name: 'Next exercise', exact: true });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(next).toBeDisabled();
  await expect(page.getByRole('heading', { name: 'Why a bit, read before load_segments()' })).toBeFocused();
});

test("a lab step's model leaves the primary look to the lab's own Next step", async ({ page, app }) => {
  await app.open('#/lab/02-sme-two-wbinvds/3');
  const live = page.getByRole('region', { name: 'Live model' });
  const modelNext = live.getByRole('button', { name: /^Next(, |$)/ });
  await expect(modelNext).toBeEnabled();
  // Two blue "Next" buttons side by side left a student guessing which one moves the lesson on.
  await expect(modelNext).not.toHaveClass(/\bprimary\b/);
  await expect(page.getByRole('button', { name: /^Next lab step: / })).toHaveClass(/\bprimary\b/);
});

test('reading the steps keeps the exercises out of the address until one is chosen; a comparison closes on the next step', async ({
  page,
  app,
}) => {
  await app.open('#/lab/02-sme-two-wbinvds/1');
  await page.getByRole('button', { name: /^Next lab step: / }).click();
  await expect(page.getByRole('region', { name: /^Step 2:/ })).toBeVisible();
  // No exercise was chosen: a reload stays on the step (an exercise in the address scrolled to it).
  await expect.poll(() => new URL(page.url()).hash).toBe('#/lab/02-sme-two-wbinvds/2');
  await page.reload();
  await expect(page.getByRole('region', { name: /^Step 2:/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Exercises' })).not.toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // The step's comparison says when it is open, and closes when the student moves on.
  await app.open('#/lab/03-supported-vs-active/3');
  const compare = page.getByRole('button', { name: /^Compare with before/ });
  await compare.click();
  const hide = page.getByRole('button', { name: /^Hide the comparison with before/ });
  await expect(hide).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('button', { name: /^Next lab step: / }).click();
  await page.getByRole('button', { name: /^Previous lab step: / }).click();
  await expect(compare).toHaveAttribute('aria-expanded', 'false');

  // Once an exercise is chosen, the steps keep it in the address.
  await page.locator('ol.ex-list button').nth(1).click();
  await page.getByRole('button', { name: /^Next lab step: / }).click();
  await expect.poll(() => new URL(page.url()).hash).toBe('#/lab/03-supported-vs-active/4/2');
});

test('Next lab step, pressed at the end of a long step, shows the next step from its top', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/2');
  // At the end of step 2, as a keyboard user reaches it: the button scrolled into view, the page below.
  const next = page.getByRole('button', { name: /^Next lab step: / });
  await next.focus();
  await page.keyboard.press('Enter');
  const step3 = page.getByRole('region', { name: /^Step 3: / });
  await expect(step3).toBeFocused();
  // Its title is in the window, not scrolled above it (focus alone left the step's end in view).
  const heading = step3.getByRole('heading').first();
  const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
  expect(top).toBeGreaterThanOrEqual(0);
  expect(top).toBeLessThan(page.viewportSize()?.height ?? 0);
  expect(await step3.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
});
