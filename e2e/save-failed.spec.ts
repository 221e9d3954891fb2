/**
 * An answer that cannot be saved is kept in the window and said once, in one sentence per cause, with a
 * way to save it again once the cause is gone; nothing the student did is lost.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, studyAs, test } from './harness.ts';

test('a save that fails: the answer is kept, the reason said without a doubled full stop, and Retry saves it', async ({
  page,
  app,
}) => {
  await studyAs(page, app.open, 'Sa Ve', 'save-1');
  await app.open('#/lab/02-sme-two-wbinvds/1/1');
  const panel = page.locator('article.exercise');
  await panel.locator('.choice input').first().check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByRole('region', { name: /^(Not quite|Correct)/ })).toBeVisible();

  // A folder where the backup goes: every save now fails (EISDIR) until it is gone.
  const backup = join(app.userDataDir, 'progress.json.bak');
  await rm(backup, { force: true });
  await mkdir(backup);
  await page.locator('.ex-list li').nth(1).getByRole('button').click();
  await panel.getByRole('checkbox').first().check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const alert = panel.getByRole('alert');
  // The cause once, what to do about it, and that nothing is lost.
  await expect(alert).toContainText(
    /^Your progress could not be saved to .*: a folder is where a file should be: /,
  );
  await expect(alert).toContainText('Move or rename that folder (Flushpoint did not make it), then retry');
  await expect(alert).toContainText(
    'Your last answer is kept in this window; use "Retry saving" once that is fixed.',
  );
  await expect(alert).not.toContainText('..');
  await expect(alert).not.toContainText('could not be saved: Your');

  await rm(backup, { recursive: true });
  await alert.getByRole('button', { name: 'Retry saving' }).click();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.ex-list li').nth(1)).toContainText(/wrong so far|solved/);
  // Both answers are in the file.
  await expect
    .poll(
      async () =>
        (
          JSON.parse(await readFile(join(app.userDataDir, 'progress.json'), 'utf8')) as {
            attempts: unknown[];
          }
        ).attempts.length,
    )
    .toBe(2);
});
