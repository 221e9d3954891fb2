/**
 * A profile the store refuses (here: the progress file's place taken by a folder) is put back as it was,
 * and the profile form shown next says why and still holds what the student typed: in a lab the form
 * that sent it went away at Save, when the profile applied.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './harness.ts';

test('a refused profile save in a lab: the form comes back with the reason and the name and id typed', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
  await mkdir(join(app.userDataDir, 'progress.json'));
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Student id').fill('ada-1');
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page.getByRole('alert')).toContainText('Could not save:');
  await expect(page.getByLabel('Name')).toHaveValue('Ada');
  await expect(page.getByLabel('Student id')).toHaveValue('ada-1');
  await expect(page.getByText('Studying as')).toHaveCount(0);
});
