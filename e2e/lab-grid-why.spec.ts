/**
 * A grid the student could not solve: three wrong tries, the solution, and then every cell with the
 * model's reason beside the student's last answer. The expected rows are computed here as the app
 * computes them: this student's variant, run by the model.
 */
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { whyCells } from '../src/lab/why-cells.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, expectNoAxeViolations, LABS, test } from './harness.ts';

const LAB = '04-tdx-percpu-flag';
// A student whose offline CPU (o) is not CPU 1, whose rows the test reads.
const STUDENT = 'grid-why-2';

test('after the solution of a grid, each cell says why, from the trace, and where the last answer differed', async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.id === 'grid-seamcalls');
  const ex = lab.exercises[n];
  const inst = ex && makeInstance(ex, variantSeed(STUDENT, `${LAB}/${ex.id}`));
  if (!inst || inst.exercise.kind !== 'grid' || !inst.result) throw new Error('lab 4 has no grid-seamcalls');
  const rows = whyCells(inst.result, inst.exercise.sites, inst.exercise.phases);

  await app.open(`#/lab/${LAB}/1`);
  await page.getByLabel('Name').fill('Grid Why');
  await page.getByLabel('Student id').fill(STUDENT);
  await page.getByLabel('Student id').press('Enter');
  // Saved first: the variant (and so the exercise, reset when it changes) follows the student id.
  await expect(page.getByText(STUDENT, { exact: true })).toBeVisible();
  await page.locator('.ex-list li').nth(n).getByRole('button').click();
  const panel = page.locator('article.exercise');

  // The misconception of this exercise: a remote CPU still flushes in stop_this_cpu. Three different
  // wrong answers (the same one checked again is no new try), the last with CPU 1 alone.
  const why = panel.getByRole('region', { name: 'Why, from the model' });
  // A blank grid is no answer: checked on the free first try, its feedback would map every WBINVD.
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByText('Mark at least one cell first.')).toBeVisible();
  await expect(panel.getByRole('region', { name: /^Not quite/ })).toHaveCount(0);
  for (const cpu of [3, 2, 1]) {
    for (const other of [1, 2, 3])
      await panel
        .getByRole('checkbox', { name: `CPU ${other} flushes in stop_this_cpu` })
        .setChecked(other === cpu);
    await panel.getByRole('button', { name: 'Check answer' }).click();
    await expect(panel.getByRole('region', { name: /^Not quite/ })).toBeVisible();
    // Not before the answer is out: the reasons would give it away.
    await expect(why).toHaveCount(0);
  }
  await panel.getByRole('button', { name: 'Show solution (counts as not solved)' }).click();

  await expect(why).toBeVisible();
  await expect(why.locator('tbody tr')).toHaveCount(rows.length);
  const stc1 = rows.find((r) => r.cpu === 1 && r.site === 'stop_this_cpu');
  expect(stc1?.flushed).toBe(false);
  const row = why.locator('tbody tr').nth(rows.indexOf(stc1 as (typeof rows)[number]));
  await expect(row).toContainText('ticked');
  await expect(row).toContainText('differs');
  await expect(row).toContainText(`step ${stc1?.seq} · stop_this_cpu:`);
  await expect(row).toContainText('this_cpu_read(cache_state_incoherent) is false');
  // Every cell the model flushes and the student left empty differs too; nothing else does.
  const differing = rows.filter((r) => r.flushed !== (r.cpu === 1 && r.site === 'stop_this_cpu'));
  await expect(why.locator('tbody tr.differs')).toHaveCount(differing.length);
  // Readable by everyone: the reasons table passes axe in both themes (the differing rows are tinted).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoAxeViolations(page, `the grid's reasons, ${scheme}`, 'article.exercise');
  }
  // No hint to buy once the solution is out.
  await expect(panel.getByRole('button', { name: /Show a hint/ })).toHaveCount(0);

  // A reload reads the attempts back: the reasons and the student's last answer are still there.
  await page.reload();
  await page.locator('.ex-list li').nth(n).getByRole('button').click();
  await expect(why.locator('tbody tr.differs')).toHaveCount(differing.length);

  // The steps the reasons quote are in this exercise's run, which opens in the sandbox to step through.
  await panel.getByRole('button', { name: "Open this exercise's run in the sandbox" }).click();
  await expect(page.getByRole('heading', { name: 'Sandbox', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Ran / })).toContainText(
    `Ran ${inst.result.trace.length} steps: ${inst.result.wbinvd.length} WBINVDs`,
  );
  await expect(page.locator('#preset-shows')).toHaveText(/^Opened from a lab:/);
});
