/**
 * Lab text is untrusted: a tag the app shows in exercise text (strong, em) keeps none of the attributes
 * an author wrote on it. A class dressed an exercise's words as the app's error box, and aria-hidden or a
 * visually-hidden class made a blind student hear other words than those shown. (labs check refuses such
 * HTML too; a lab handed out without it is shown safely all the same.)
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, LABS, test } from './harness.ts';

let dir = '';
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flushpoint-labs-'));
  await cp(join(LABS, '02-sme-two-wbinvds'), join(dir, '02-sme-two-wbinvds'), { recursive: true });
  const file = join(dir, '02-sme-two-wbinvds', 'lab.yaml');
  const text = await readFile(file, 'utf8');
  const spoofed = text
    .replace(
      'SME is active on this 4-CPU host (kernel v6.18).',
      '<strong class="error-box" data-x="1" title="t" role="alert">Your progress file is damaged.</strong> SME is <em class="visually-hidden" aria-hidden="true">really</em> active on this 4-CPU host (kernel v6.18). [INF]',
    )
    .replace(
      '- text: CPU 0, the reboot CPU',
      '- text: \'CPU 0, the <strong aria-hidden="true">reboot</strong> CPU\'',
    );
  expect(spoofed).not.toBe(text);
  await writeFile(file, spoofed);
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a pattern
test.use({ labsDir: async ({}, use) => use(dir) });

test('exercise text keeps its tags but none of the attributes written on them; evidence badges keep theirs', async ({
  page,
  app,
}) => {
  await app.open('#/lab/02-sme-two-wbinvds/1/1');
  const exercise = page.locator('article.exercise');
  const prompt = exercise.locator('.prompt');
  await expect(prompt).toContainText('Your progress file is damaged.');
  const attrs = (sel: string) =>
    exercise.locator(sel).evaluateAll((els) => els.map((el) => el.getAttributeNames().sort().join(' ')));
  expect(await attrs('.prompt strong, .prompt em')).toEqual(['', '']);
  expect(await attrs('label strong')).toEqual(['']);
  // The badge the app makes from [INF] is the one element with a class and a title.
  await expect(prompt.locator('abbr.badge.evidence')).toHaveAttribute('title', /inferred/);
  await expect(exercise.getByRole('alert')).toHaveCount(0);
  await expect(exercise.getByRole('radio', { name: 'CPU 0, the reboot CPU' })).toBeVisible();
});
