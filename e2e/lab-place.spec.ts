/**
 * A lab step's model keeps the student's place when they leave the lab for a moment (a glossary link in
 * the prose, the Glossary in the navigation) and come back with the browser's Back: the fault and seed
 * they set, and the step of the model they were on.
 */
import { expect, test } from './harness.ts';

test('lab 1 step 3: the fault, the seed and the model step survive a visit to the glossary', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/3');
  const model = page.getByRole('region', { name: 'Live model' });
  await model.getByLabel('Site to skip').selectOption('relocate_kernel');
  await model.getByLabel('Seed').fill('5');
  await model.getByLabel('Seed').press('Enter');
  const next = model.getByRole('button', { name: /^Next\b/ });
  await next.click();
  await next.click();
  await next.click();
  await expect(model.getByText('Step 3 of', { exact: false }).first()).toBeVisible();

  await page.getByRole('link', { name: 'Glossary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Glossary/ })).toBeVisible();
  await page.goBack();

  const back = page.getByRole('region', { name: 'Live model' });
  await expect(back.getByLabel('Site to skip')).toHaveValue('relocate_kernel');
  await expect(back.getByLabel('Seed')).toHaveValue('5');
  await expect(back.getByText('Step 3 of', { exact: false }).first()).toBeVisible();

  // Another step starts from its own place: step 2's model at its first step, its own seed (3) shown.
  await page.getByRole('button', { name: /^Previous lab step/ }).click();
  await expect(back.getByLabel('Seed')).toHaveValue('3');
  await expect(back.getByText('Step 0 of', { exact: false }).first()).toBeVisible();
});
