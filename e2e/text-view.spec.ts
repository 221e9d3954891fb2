/**
 * The text view on a big host: neighbouring CPUs whose rows say the same are one row ("CPUs 1–63", read
 * "1 to 63"), neighbouring WBINVDs at the same place one item; "Show every CPU" shows a row each, and
 * stays pressed while stepping.
 */
import { expect, expectNoAxeViolations, sandboxWithCpus, test } from './harness.ts';

test('on a 64-CPU host the text view groups the CPUs that say the same, and shows every CPU on request', async ({
  page,
  app,
}) => {
  await sandboxWithCpus(page, app.open, 64);
  await expect(page.getByRole('table', { name: 'Every WBINVD of this run' })).toBeVisible();
  // A run opens at its end.
  await expect(page.getByRole('button', { name: /^Last(, |$)/ })).toBeDisabled();
  await page.getByRole('button', { name: 'Text view' }).first().click();
  const twin = page.getByRole('region', { name: 'Text view of the run' });
  const table = twin.getByRole('table', { name: /^CPUs after step/ });

  // The end of the run: the kexec CPU in the new kernel, the 63 others halted by the REBOOT IPI.
  await expect(table).toHaveAccessibleName(/^CPUs after step (\d+) of \1: 64 CPUs in 2 rows$/);
  const rest = table.getByRole('row', { name: /^CPUs 1 to 63 / });
  await expect(rest).toContainText('halted');
  await expect(rest).toContainText('REBOOT IPI');
  await expect(rest.getByRole('rowheader').locator('[aria-hidden="true"]')).toHaveText('CPUs 1–63');
  await expect(table.getByRole('row', { name: /^CPU 0 / })).toContainText('kexec CPU');
  await expect(table.getByRole('row', { name: /^CPU 17 / })).toHaveCount(0);
  const list = twin.getByRole('list', { name: 'WBINVDs so far' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').first()).toContainText(
    /^Steps \d+–\d+, 63 WBINVDs: CPUs 1–63 in stop_this_cpu \(stop_other_cpus, via reboot_ipi\)/,
  );
  await expectNoAxeViolations(page, 'the grouped text view', 'section.twin');

  // Every CPU, from the keyboard: a row each, and an item for each WBINVD.
  const every = twin.getByRole('button', { name: 'Show every CPU' });
  await expect(every).toHaveAttribute('aria-pressed', 'false');
  await every.focus();
  await page.keyboard.press('Enter');
  await expect(every).toHaveAttribute('aria-pressed', 'true');
  await expect(table.getByRole('row', { name: /^CPU 17 / })).toContainText('halted');
  await expect(table.getByRole('row', { name: /^CPUs 1 to 63 / })).toHaveCount(0);
  await expect(table.locator('tbody tr')).toHaveCount(64);
  await expect(list.getByRole('listitem')).toHaveCount(64);
  await expect(table).toHaveAccessibleName(/^CPUs after step (\d+) of \1$/);

  // Stepping back keeps every CPU shown; the view follows the step.
  await page.getByRole('button', { name: /^Back(, |$)/ }).click();
  await expect(table).toHaveAccessibleName(/^CPUs after step (\d+) of (?!\1$)\d+$/);
  await expect(every).toHaveAttribute('aria-pressed', 'true');
  await expect(table.locator('tbody tr')).toHaveCount(64);

  // Grouped again.
  await every.click();
  await expect(every).toHaveAttribute('aria-pressed', 'false');
  await expect(table.getByRole('row', { name: /^CPUs 1 to 63 / })).toBeVisible();
});

test('a 4-CPU host keeps a row for each CPU, with no toggle', async ({ page, app }) => {
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Every WBINVD of this run' })).toBeVisible();
  // A run opens at its end.
  await expect(page.getByRole('button', { name: /^Last(, |$)/ })).toBeDisabled();
  await page.getByRole('button', { name: 'Text view' }).first().click();
  const twin = page.getByRole('region', { name: 'Text view of the run' });
  const table = twin.getByRole('table', { name: /^CPUs after step (\d+) of \1$/ });
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table.getByRole('row', { name: /^CPU 3 / })).toContainText('halted');
  await expect(twin.getByRole('button', { name: 'Show every CPU' })).toHaveCount(0);
});

test("the text view says where the kexec flow and the stop protocol are in words, never a state's code name", async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('button', { name: /^Last(, |$)/ })).toBeDisabled();
  await page.getByRole('button', { name: 'Text view' }).first().click();
  const twin = page.getByRole('region', { name: 'Text view of the run' });
  const line = twin.locator('p.machines');
  await expect(line).toHaveText(
    'kexec flow: in the new kernel; stop protocol: done: every other CPU has reported; the kexec CPU goes on',
  );
  // Back through the run: at each step the line is words, never an xstate id ("kernelKexec.kmsgDump").
  const slider = page.getByRole('slider', { name: /step/ }).first();
  await slider.focus();
  const seen = new Set<string>();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('ArrowLeft');
    const text = (await line.textContent()) ?? '';
    seen.add(text);
    expect(text).not.toMatch(/[a-z][A-Z]|\w\.\w|\(\w+\)$/);
  }
  // The walk passed through several states of the machines.
  expect(seen.size).toBeGreaterThan(3);
  await expect(line.locator('code')).toHaveCount(0);
});
