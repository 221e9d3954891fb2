/**
 * The glossary's way back, by keyboard: a word opened from a lab (its step's "What is …?" note) offers
 * "Back to <lab>, step N, exercise M" as the next Tab from the word's focused heading, and it returns to
 * the same exercise, with what was ticked in it; "See also" keeps it; from the sandbox it says so.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, SHOTS, test, watchLiveRegions } from './harness.ts';

const LAB = '02-sme-two-wbinvds';

test('a word opened from a lab leads back to the same exercise, by keyboard', async ({ page, app }) => {
  await app.open(`#/lab/${LAB}/1/7`);
  const exercise = page.locator('article.exercise');
  await expect(exercise.getByRole('heading', { name: 'The flags word' })).toBeVisible();
  // Something left in the exercise: it is there on the way back.
  const box = exercise.getByRole('checkbox').first();
  await box.focus();
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();

  // A step of the model runs a function: its glossary note, opened and followed from the keyboard.
  const model = page.getByRole('region', { name: 'Live model' }).first();
  await model.getByRole('button', { name: /^Next\b/ }).focus();
  await page.keyboard.press('Enter');
  const note = model.locator('details.gloss').first();
  await note.locator('summary').focus();
  await page.keyboard.press('Enter');
  const open = note.getByRole('link', { name: /^Open “.+” in the glossary$/ });
  const term = ((await open.textContent()) ?? '').replace(/^Open “(.+)” in the glossary$/, '$1');
  const listsBefore = app.calls.filter((c) => c === 'labs:list').length;
  await open.focus();
  await page.keyboard.press('Enter');

  const heading = page.getByRole('heading', { level: 2, name: term, exact: true });
  await expect(heading).toBeFocused();
  const back = page.getByRole('link', { name: /^Back to / });
  await expect(back).toHaveCount(1);
  // Named by the lab's title from the start: the lab screen knew it, so the list of labs is not asked
  // for (until it came back, the link said the lab's id).
  await expect(back).toHaveText('Back to the two WBINVDs of an SME host, step 1, exercise 7');
  expect(app.calls.filter((c) => c === 'labs:list').length).toBe(listsBefore);
  await expect(back).toHaveAttribute('href', `#/lab/${LAB}/1/7`);
  // The next Tab from the word's heading.
  await page.keyboard.press('Tab');
  await expect(back).toBeFocused();
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'glossary-back.png') });

  // A related word: the way back is kept.
  const entry = page.getByRole('article', { name: term, exact: true });
  const related = entry
    .getByRole('link')
    .filter({ hasNotText: /^Back to / })
    .last();
  // (The step's first function here is SME's word, which has related words.)
  await expect(entry.getByText('See also')).toBeVisible();
  await related.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/glossary\/[a-z0-9-]+$/);
  await expect(page.getByRole('link', { name: /^Back to / })).toHaveAttribute('href', `#/lab/${LAB}/1/7`);

  await page.getByRole('link', { name: /^Back to / }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/lab/${LAB}/1/7$`));
  await expect(exercise.getByRole('heading', { name: 'The flags word' })).toBeVisible();
  await expect(exercise.getByRole('checkbox').first()).toBeChecked();
  // Focus is back on the link followed, its "What is …?" note open again as it was, and in view.
  const again = model.getByRole('link', { name: `Open “${term}” in the glossary`, exact: true });
  await expect(again).toBeFocused();
  await expect(again).toBeInViewport();
});

test("Back from a word opened in a step's text: focus on that word's link, not the top of the lab", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  const step = page.getByRole('region', { name: /^Step 1: / });
  const word = step.getByRole('link', { name: 'WBINVD', exact: true });
  await word.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'WBINVD', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /^Back to .+, step 1$/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/lab\/01-why-flush\/1$/);
  await expect(word).toBeFocused();
  await expect(word).toBeInViewport();

  // The browser's Back does the same.
  await word.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'WBINVD', exact: true })).toBeFocused();
  await page.goBack();
  await expect(word).toBeFocused();
});

test('from the sandbox it leads back to the sandbox; from elsewhere it offers nothing', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Glossary' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  const back = page.getByRole('link', { name: 'Back to the sandbox' });
  await expect(back).toHaveAttribute('href', '#/sandbox');
  await back.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/sandbox$/);

  await app.open('#/results');
  await nav.getByRole('link', { name: 'Glossary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Back to / })).toHaveCount(0);
});

test('Back to the sandbox: focus on the "What is …?" link followed, at the same step', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  const model = page.getByRole('region', { name: /the model$/ }).first();
  await model.getByRole('button', { name: /^First(, |$)/ }).click();
  await model.getByRole('button', { name: /^Next(, |$)/ }).click();
  await expect(model.getByText('Step 1 of 55', { exact: true })).toBeVisible();
  await model.getByText('What is early_detect_mem_encrypt?').click();
  const open = model.getByRole('link', { name: /^Open “.+” in the glossary$/ });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the sandbox' }).focus();
  const heard = await watchLiveRegions(page);
  await page.keyboard.press('Enter');
  await expect(model.getByText('Step 1 of 55', { exact: true })).toBeVisible();
  await expect(open).toBeFocused();
  await expect(open).toBeInViewport();
  // The model reopening at step 1 is no news: its narration of the step would talk over the link.
  await model.getByRole('button', { name: /^Next(, |$)/ }).focus();
  await page.keyboard.press('Enter');
  await expect(model.getByText('Step 2 of 55', { exact: true })).toBeVisible();
  await expect.poll(async () => (await heard()).said.some((t) => t.startsWith('Step 2.'))).toBe(true);
  const log = await heard();
  expect([...log.said, ...log.inserted].filter((t) => t.startsWith('Step 1.'))).toEqual([]);
});
