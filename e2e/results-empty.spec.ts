/**
 * Results before anything was done: it says where to start, and a copy for the instructor cannot be
 * saved until the student has said who they are (an anonymous file cannot be graded as anyone's).
 */
import { expect, test } from './harness.ts';

test('Results with no name and no answers says what to do, and saving a copy waits for a name', async ({
  page,
  app,
}) => {
  await app.open('#/results');
  await expect(page.getByText('No answers yet')).toBeVisible();
  const save = page.getByRole('button', { name: 'Save my progress for my instructor…' });
  await expect(save).toBeDisabled();
  await expect(page.getByText('Your name and student id are not set')).toBeVisible();

  await app.open('#/labs');
  await page.getByLabel('Name').fill('Em Pty');
  await page.getByLabel('Student id').fill('empty-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Studying as')).toBeVisible();
  await app.open('#/results');
  await expect(save).toBeEnabled();
  await expect(page.getByText('Your name and student id are not set')).toHaveCount(0);
});
