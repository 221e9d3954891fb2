/**
 * An explain exercise, never graded: its model answer takes focus when shown and reads its evidence tags
 * as badges; the student's rating is what the results say of it (never "wrong so far"), and a reload
 * shows the model answer and the rating again. Saving a copy for the instructor says where, with focus.
 */
import { loadLab } from '../src/node/labs/load.ts';
import { expect, LABS, test, studyAs } from './harness.ts';

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
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('not graded');
  await expect(page.locator('.ex-list li').nth(number - 1)).toContainText('tried');

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
    const badge = model.locator('abbr.badge.evidence', { hasText: tag });
    await expect(badge).toHaveAttribute('title', meaning);
    await expect(badge).toHaveClass(/warn/);
    await expect(model).not.toContainText(`[${tag}]`);
    // Inline Markdown as the prompt's: code in code type where the author wrote it.
    if (/`[^`]+`/.test(ex.model_answer)) await expect(model.locator('code').first()).toBeVisible();
  }
});
