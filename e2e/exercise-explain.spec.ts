/**
 * An explain exercise, never graded: its model answer takes focus when shown and reads its evidence tags
 * as badges; the student's rating is what the results say of it (never "wrong so far"), and a reload
 * shows the model answer and the rating again. Saving a copy for the instructor says where, with focus.
 * Its status is "answered" on every screen a student sees (never "tried"), and "Saved" is said beside the
 * Save button that was pressed, in one polite announcement.
 */
import type { Page } from '@playwright/test';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, expectNoAxeViolations, LABS, test, studyAs } from './harness.ts';

const LAB = '02-sme-two-wbinvds';

/** The 1-based number of a lab's explain exercise (and the exercise), for its address. */
async function explainOf(labId: string, id?: string) {
  const lab = await loadLab(LABS, labId);
  const n = lab.exercises.findIndex((e) => e.kind === 'explain' && (id === undefined || e.id === id));
  const ex = lab.exercises[n];
  if (!ex || ex.kind !== 'explain') throw new Error(`${labId} has no explain exercise ${id ?? ''}`);
  return { number: n + 1, ex };
}

test('rated "I got it": the results say so, not "wrong so far"; a reload shows the answer and rating', async ({
  page,
  app,
}) => {
  const { number, ex } = await explainOf(LAB, 'explain-flag');
  await studyAs(page, app.open, 'Ex Plain', 'explain-4');
  await app.open(`#/lab/${LAB}/1/${number}`);
  const panel = page.locator('article.exercise');
  await panel.getByLabel('Your answer').fill('machine_kexec reads the flag before load_segments resets GS.');
  await panel.getByRole('button', { name: 'Show the model answer' }).click();
  // The button goes disabled: focus goes to what it showed, not to the page.
  await expect(panel.getByRole('heading', { name: 'Model answer' })).toBeFocused();
  await panel.getByRole('radio', { name: 'I got it' }).check();
  await panel.getByRole('button', { name: 'Save my rating', exact: true }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'not graded' })).toBeVisible();
  await expect(page.locator('.ex-list li').nth(number - 1)).toContainText('answered');

  await app.open(`#/results/${LAB}`);
  const row = page.getByRole('row', { name: new RegExp(ex.id) });
  await expect(row).toContainText('answered: got it');
  await expect(row).not.toContainText('wrong so far');
  await expect(row.locator('.badge.bad')).toHaveCount(0);

  // Saving a copy for the instructor: the button is disabled while it saves; what it says takes focus.
  await page.getByRole('button', { name: 'Save my progress for my instructor…' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Saved \d+ attempts? to / })).toBeFocused();

  // Back at the exercise after a reload: the answer, the model answer and the rating are still there.
  await app.open(`#/lab/${LAB}/1/${number}`);
  await page.reload();
  await expect(panel.getByRole('region', { name: 'Model answer' })).toBeVisible();
  await expect(panel.getByLabel('Your answer')).toHaveValue(
    'machine_kexec reads the flag before load_segments resets GS.',
  );
  await expect(panel.getByRole('radio', { name: 'I got it' })).toBeChecked();
});

test("a model answer's evidence tags are badges that say what they mean, as in the prompt", async ({
  page,
  app,
}) => {
  for (const [labId, id, tag, meaning] of [
    ['06-crash-path', 'explain-crash', 'UNVERIFIED', 'not checked: never graded'],
    ['04-tdx-percpu-flag', 'explain-per-cpu', 'INF', 'inferred from the code, not confirmed by the authors'],
  ] as const) {
    const { number, ex } = await explainOf(labId, id);
    expect(ex.model_answer, `${labId}/${id}`).toContain(`[${tag}]`);
    await app.open(`#/lab/${labId}/1/${number}`);
    const panel = page.locator('article.exercise');
    await panel.getByRole('button', { name: 'Show the model answer' }).click();
    const model = panel.getByRole('region', { name: 'Model answer' });
    const badge = model.locator('abbr.badge.evidence', { hasText: tag }).first();
    await expect(badge).toHaveAttribute('title', meaning);
    await expect(badge).toHaveClass(/warn/);
    await expect(model).not.toContainText(`[${tag}]`);
    // Inline Markdown as the prompt's: code in code type where the author wrote it.
    if (/`[^`]+`/.test(ex.model_answer)) await expect(model.locator('code').first()).toBeVisible();
  }
});

/**
 * Starts recording the live regions (role status, alert or log; aria-live other than off) whose text
 * changes or that are put in the page: what a screen reader would announce from now on.
 */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const live = '[role=status],[role=alert],[role=log],[aria-live]:not([aria-live=off])';
    const changed = new Set<Element>();
    new MutationObserver((records) => {
      for (const r of records) {
        const at = r.target instanceof Element ? r.target : r.target.parentElement;
        const region = at?.closest(live);
        if (region) changed.add(region);
        for (const n of r.addedNodes)
          if (n instanceof Element) {
            if (n.matches(live)) changed.add(n);
            n.querySelectorAll(live).forEach((x) => changed.add(x));
          }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    (globalThis as unknown as { announced: Set<Element> }).announced = changed;
  });
  // An emptied region announces nothing.
  return () =>
    page.evaluate(() =>
      [...(globalThis as unknown as { announced: Set<Element> }).announced]
        .filter((r) => r.isConnected)
        .map((r) => r.textContent?.trim() ?? '')
        .filter(Boolean),
    );
}

test('"answered", not "tried", on every screen; "Saved" beside the Save pressed, announced once', async ({
  page,
  app,
}) => {
  const { number, ex } = await explainOf(LAB, 'explain-flag');
  await studyAs(page, app.open, 'Ex Plain', 'explain-5');
  // Before any answer: the results say it is not answered (not "not tried"), the list says nothing.
  await app.open(`#/results/${LAB}`);
  const row = page.getByRole('row', { name: new RegExp(ex.id) });
  await expect(row.getByRole('cell').last()).toHaveText('not answered');
  await app.open(`#/lab/${LAB}/1/${number}`);
  const item = page.locator('.ex-list li').nth(number - 1);
  await expect(item.locator('.badge')).toHaveCount(0);
  const panel = page.locator('article.exercise');
  // No badge before it is answered: the kind is not shown as one (the form says what to do).
  await expect(panel.locator('.meta .badge')).toHaveCount(0);

  await panel.getByLabel('Your answer').fill('GS is reset by load_segments, so the flag is read first.');
  await panel.getByRole('button', { name: 'Show the model answer' }).click();
  const rating = panel.getByRole('group', { name: /How close was yours/ });
  await rating.getByRole('radio', { name: 'I got it' }).check();
  const save = rating.getByRole('button', { name: 'Save my rating', exact: true });
  const announced = await recordAnnouncements(page);
  await save.click();
  const note = rating.getByRole('status');
  await expect(note).toHaveText('Saved. This exercise is not graded.');
  // Said once, by the note beside the button: no other live region changed with it.
  expect(await announced()).toEqual(['Saved. This exercise is not graded.']);
  // Polite (role status implies it): it waits for what the screen reader is saying, as a note should.
  await expect(note).not.toHaveAttribute('aria-live', 'assertive');
  // Where the student's eye and focus are: focus stays on Save, the note on its line, just after it.
  await expect(save).toBeFocused();
  const [b, n] = [await save.boundingBox(), await note.boundingBox()];
  if (!b || !n) throw new Error('the Save button and its note are laid out');
  expect(n.x, 'the note starts after the button').toBeGreaterThanOrEqual(b.x + b.width);
  expect(n.x - (b.x + b.width), 'and close to it').toBeLessThan(24);
  expect(n.y < b.y + b.height && n.y + n.height > b.y, 'on the same line').toBe(true);
  expect(n.y + n.height, 'within the 720 px window').toBeLessThanOrEqual(720);

  // The list and the header say "answered", in the words a screen reader reads them.
  await expect(item.locator('.badge')).toHaveText('answered');
  await expect(item.getByRole('button')).toHaveAccessibleName(new RegExp(`answered$`));
  await expect(item).not.toContainText('tried');
  await expect(panel.locator('.meta .badge')).toHaveText(['answered']);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expectNoAxeViolations(page, `the saved explain exercise, ${theme}`, 'article.exercise');
  }

  // A rating changed since is not saved: the note goes; a second Save says it again.
  await rating.getByRole('radio', { name: 'Partly' }).check();
  await expect(note).toHaveText('');
  await save.click();
  await expect(note).toHaveText('Saved. This exercise is not graded.');

  await app.open(`#/results/${LAB}`);
  await expect(row.getByRole('cell').last()).toHaveText('answered: partly');
});

test('an answer typed and rated but not saved comes back from another exercise and from the glossary', async ({
  page,
  app,
}) => {
  const { number } = await explainOf(LAB, 'explain-flag');
  await studyAs(page, app.open, 'Ex Plain', 'explain-6');
  await app.open(`#/lab/${LAB}/1/${number}`);
  const panel = page.locator('article.exercise');
  const box = panel.getByLabel('Your answer');
  const TYPED = 'The flag is per-CPU data, read through GS before load_segments resets it.';
  // Said before any save, as the box's description: showing the model answer keeps nothing.
  await expect(box).toHaveAccessibleDescription(
    'Saved only when you press Save, which comes with the model answer, once you rate your own.',
  );
  await box.fill(TYPED);

  // Away to the exercise before and back: the box as it was left.
  await page.getByRole('button', { name: 'Previous exercise' }).click();
  await expect(panel.getByLabel('Your answer')).toHaveCount(0);
  await page.getByRole('button', { name: 'Next exercise' }).click();
  await expect(box).toHaveValue(TYPED);

  // The model answer shown and a rating chosen, not saved: the glossary and Back keep them too.
  await panel.getByRole('button', { name: 'Show the model answer' }).click();
  await panel.getByRole('radio', { name: 'Partly' }).check();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Glossary/ })).toBeVisible();
  await page.goBack();
  await expect(box).toHaveValue(TYPED);
  await expect(panel.getByRole('region', { name: 'Model answer' })).toBeVisible();
  await expect(panel.getByRole('radio', { name: 'Partly' })).toBeChecked();
  // Kept in the window only: nothing was saved for the instructor, and the list says nothing of it.
  expect(app.calls).not.toContain('progress:save-attempt');
  await expect(
    page
      .locator('.ex-list li')
      .nth(number - 1)
      .locator('.badge'),
  ).toHaveCount(0);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expectNoAxeViolations(page, `an explain exercise with a draft, ${theme}`, 'article.exercise');
  }
});
