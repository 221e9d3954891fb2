/**
 * The live model beside a lab's prose shows what the prose asks the student to find: a CPU's cache (lab 1
 * step 1: one address held twice), and, where the step allows it, a seed of the student's own.
 */
import { expect, test } from './harness.ts';

test("lab 1 step 1: at the copy, CPU 0's cache holds one address twice, and the table says so", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  const model = page.getByRole('region', { name: 'Live model' });
  await model.getByRole('button', { name: 'Last' }).click();
  const back = model.getByRole('button', { name: /Back/ });
  const now = model.locator('.now');
  // Back to the copy of the new kernel (two steps before the end), as the prose says.
  await back.click();
  await back.click();
  await back.click();
  await back.click();
  await expect(now.locator('code').first()).toHaveText('swap_pages');
  const cpu0 = model
    .getByRole('list', { name: 'CPUs at this step' })
    .getByRole('button', { name: /^CPU 0\b/ });
  await cpu0.click();
  const cache = model.getByRole('table', { name: /^CPU 0's cache/ });
  await expect(cache).toHaveAccessibleName(/1 address held twice, under two encryption attributes$/);
  await expect(cache.getByText('this address twice')).toHaveCount(2);
  await expect(cache.getByRole('row', { name: /this address twice/ }).nth(0)).toContainText('C=1');
  await expect(cache.getByRole('row', { name: /this address twice/ }).nth(1)).toContainText('C=0');
});

test("lab 1 step 2: the seed beside the model is the student's, and a bad one is said, not used", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/2');
  const model = page.getByRole('region', { name: 'Live model' });
  const seed = model.getByRole('spinbutton', { name: 'Seed' });
  await expect(seed).toHaveAttribute('placeholder', '3');
  await model.getByRole('button', { name: 'Last' }).click();
  await model.getByRole('button', { name: /Back/ }).click();
  // Seed 3 (the step's own) leaves 3 dirty lines to be written back after the jump; seed 4 leaves 1.
  await expect(model).toContainText('3 dirty lines still in caches');
  await seed.fill('4');
  await model.getByRole('button', { name: 'Last' }).click();
  await model.getByRole('button', { name: /Back/ }).click();
  await expect(model).toContainText('1 dirty line still in caches');
  await seed.fill('1.5');
  await expect(model.getByRole('alert')).toHaveText(/A seed is a whole number from 0 to 4294967295/);
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
});

test('answers given as a guest, then an id saved: the student is told the exercises now read as theirs', async ({
  page,
  app,
}) => {
  await app.open('#/lab/02-sme-two-wbinvds/1');
  await expect(page.getByText('answers given as a guest are to a guest')).toBeVisible();
  const panel = page.locator('article.exercise');
  await panel.locator('.choice input').first().check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByRole('region', { name: /^(Not quite|Correct)/ })).toBeVisible();
  await page.getByLabel('Name').fill('Kid');
  await page.getByLabel('Student id').fill('kid-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'now show the variants of kid-1' })).toContainText(
    'What you answered before, as guest, is kept in Results',
  );
});
