/**
 * The sandbox by keyboard and screen reader: where focus goes after a ✕, a Run or Step through, what the
 * status region says, and the CPU grid of a large host as one tab stop with the arrows inside.
 */
import type { Page } from '@playwright/test';
import { expect, sandboxWithCpus, test } from './harness.ts';

const focused = (page: Page) => page.locator(':focus');

test('a ✕ hands focus to the next item of its list, else the previous one, else the list’s Add button', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByText('Events, stop behaviour, faults').click();

  const addEvent = page.getByRole('button', { name: 'Add event' });
  await addEvent.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Enter');
  // The middle one: the next item's ✕ (now number 2) has focus.
  await page.getByRole('button', { name: 'Remove event 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Before kexec' }).getByRole('listitem')).toHaveCount(2);
  await expect(focused(page)).toHaveAccessibleName('Remove event 2');
  // The last one: the previous item's ✕ (focus fell to the page).
  await page.keyboard.press('Enter');
  await expect(focused(page)).toHaveAccessibleName('Remove event 1');
  // The only one: the list is gone, and Add event has focus.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Before kexec' }).getByRole('listitem')).toHaveCount(0);
  await expect(addEvent).toBeFocused();

  const set = page.getByRole('button', { name: 'Set', exact: true });
  for (const cpu of ['CPU 1', 'CPU 2']) {
    await page.getByLabel('CPU', { exact: true }).selectOption({ label: cpu });
    await set.click();
  }
  await page.getByRole('button', { name: 'Remove stop behaviour of CPU 2' }).press('Enter');
  await expect(focused(page)).toHaveAccessibleName('Remove stop behaviour of CPU 1');
  await page.keyboard.press('Enter');
  await expect(page.getByText('All CPUs stop in time.')).toBeVisible();
  await expect(set).toBeFocused();

  const skip = page.getByRole('button', { name: 'Skip a WBINVD' });
  await skip.click();
  await skip.click();
  await page.getByRole('button', { name: 'Remove fault 2' }).press('Enter');
  await expect(focused(page)).toHaveAccessibleName(
    /^Remove fault 1, skip WBINVD in \w+ on every CPU it runs on$/,
  );
  await page.keyboard.press('Enter');
  await expect(skip).toBeFocused();
});

test('Step through puts focus on the model’s Next, which its narration says to press; n steps from there', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Step through' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Step 0 of', { exact: false })).toBeVisible();
  const next = page.getByRole('region', { name: /the model$/ }).getByRole('button', { name: /^Next(, |$)/ });
  await expect(next).toBeFocused();
  // One model at a time here: its controls carry no run name ("Next, after (v6.18)" read as a move
  // between kernels); a lab page, with two, names them (lab-screen-reader.spec).
  await expect(next).toHaveAccessibleName('Next');
  await page.keyboard.press('n');
  await expect(page.getByText('Step 1 of', { exact: false })).toBeVisible();
});

test.describe('at 200% zoom (1280x720 seen as 640x360)', () => {
  test.use({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });

  test('the focused step control is not under the scenario form: Step through, Next, then the controls after it', async ({
    page,
    app,
  }) => {
    // elementFromPoint at the centre of what has focus lands inside it, not on something drawn over it.
    const focusCovered = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        if (!el) return 'nothing focused';
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit && el.contains(hit)
          ? null
          : `${el.textContent?.trim()} under ${hit?.outerHTML.slice(0, 80)}`;
      });
    await app.open('#/sandbox');
    await page.getByRole('button', { name: 'Step through' }).focus();
    await page.keyboard.press('Enter');
    const next = page
      .getByRole('region', { name: /the model$/ })
      .getByRole('button', { name: /^Next(, |$)/ });
    await expect(next).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Step 1 of', { exact: false })).toBeVisible();
    await expect(next).toBeFocused();
    expect(await focusCovered()).toBeNull();
    // Last, Play, Speed, the slider, Bookmark, Text view: each was under the form too.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await focusCovered()).toBeNull();
    }
  });
});

test('predict first: the status does not give the answer away, the question takes focus, and every Run is said', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  const status = page.locator('.results > p[role="status"]');
  // The first preset compares before with after: the status says both counts.
  await expect(status).toContainText('compared with before (v6.17)');
  await page.getByRole('checkbox', { name: 'Ask me to predict the differences first' }).check();
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  await expect(status).toHaveText(
    /^Ran \d+ steps: \d+ WBINVDs?, jumped\. Predict first: a prediction form opened; mark the WBINVDs you expect to change\.$/,
  );
  const question = page
    .getByRole('region', { name: /^Compare / })
    .locator('p', { hasText: 'Predict first.' });
  await expect(question).toBeFocused();

  // The same run again: the same words would not be read out, so they are said as a run again.
  const said = (await status.textContent()) ?? '';
  await run.click();
  await expect(status).toHaveText(said.replace(/^Ran /, 'Ran again: '));
  await expect(question).toBeFocused();
  await run.click();
  await expect(status).toHaveText(said);

  // Without a prediction asked for, the comparison is said, and said again on the same Run.
  await page.getByRole('checkbox', { name: 'Ask me to predict the differences first' }).uncheck();
  await run.click();
  await expect(status).toHaveText(/^Ran \d+ steps: .*; compared with before \(v6\.17\): \d+ WBINVDs?\.$/);
  const compared = (await status.textContent()) ?? '';
  await run.click();
  await expect(status).toHaveText(compared.replace(/^Ran /, 'Ran again: '));
});

test('256 CPUs: the compact grid is one tab stop, arrows move in it, and each cell says what its outline shows', async ({
  page,
  app,
}) => {
  await sandboxWithCpus(page, app.open, 256, 'Step through');
  const model = page.getByRole('region', { name: /the model$/ });
  const grid = model.getByRole('group', { name: /^256 CPUs/ });
  const cells = grid.getByRole('button');
  await expect(cells).toHaveCount(256);
  const next = model.getByRole('button', { name: /^Next(, |$)/ });
  await expect(next).toBeFocused();

  // From Next to the timeline's "Fit the whole run": the grid is one Tab, not 256.
  const fit = model.getByRole('button', { name: 'Fit the whole run' });
  await expect(fit).toBeAttached();
  const onTimeline = () => fit.evaluate((b) => b === document.activeElement);
  let tabs = 0;
  while (tabs < 40 && !(await onTimeline())) {
    await page.keyboard.press('Tab');
    tabs++;
  }
  expect(tabs).toBeLessThan(20);

  // The kexec CPU (an outline) and the CPU of this step (a red outline) are in the names, and no
  // tooltip reads the name out again as a description.
  await next.focus();
  await page.keyboard.press('Enter');
  const cpuOfStep = (await model.locator('.now .row span').first().textContent()) ?? '';
  expect(cpuOfStep).toMatch(/^CPU \d+$/);
  const kexecCpu = grid.getByRole('button', { name: /kexec CPU/ });
  await expect(kexecCpu).toHaveCount(1);
  await expect(kexecCpu).toHaveAccessibleName(/^CPU 0, kexec CPU(, runs this step)?: /);
  const runsStep = grid.getByRole('button', { name: /runs this step/ });
  await expect(runsStep).toHaveCount(1);
  await expect(runsStep).toHaveAccessibleName(new RegExp(`^${cpuOfStep}(, kexec CPU)?, runs this step: `));
  await expect(cells.nth(5)).toHaveAccessibleName(/^CPU 5: [^,]+, flag (set|clear), \d+ WBINVDs?$/);
  await expect(cells.nth(5)).toHaveAccessibleDescription('');

  // Arrows by the grid's 32 columns, Home and End; Enter and Space select, said as pressed.
  await cells.nth(0).focus();
  const at = (cpu: number) => expect(focused(page)).toHaveAccessibleName(new RegExp(`^CPU ${cpu}[,:]`));
  await page.keyboard.press('ArrowRight');
  await at(1);
  await page.keyboard.press('ArrowDown');
  await at(33);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await at(0);
  await page.keyboard.press('ArrowUp');
  await at(0);
  await page.keyboard.press('End');
  await at(255);
  await page.keyboard.press('Home');
  await at(0);
  await page.keyboard.press('Enter');
  await expect(cells.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press(' ');
  await expect(cells.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(cells.nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect(grid.locator('[tabindex="0"]')).toHaveCount(1);
  // Tab leaves the grid, and Shift+Tab comes back to the CPU left.
  await page.keyboard.press('Tab');
  await expect(focused(page)).not.toHaveClass(/\bcell\b/);
  await page.keyboard.press('Shift+Tab');
  await at(1);
});

test('4 CPUs: the card of the CPU that runs the step says so in its name', async ({ page, app }) => {
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Step through' }).click();
  const model = page.getByRole('region', { name: /the model$/ });
  const cards = model.getByRole('list', { name: 'CPUs at this step' }).getByRole('button');
  await expect(cards).toHaveCount(4);
  await expect(model.getByRole('button', { name: /runs this step/ })).toHaveCount(0);
  await model.getByRole('button', { name: /^Next(, |$)/ }).click();
  const cpuOfStep = (await model.locator('.now .row span').first().textContent()) ?? '';
  expect(cpuOfStep).toMatch(/^CPU \d+$/);
  const runsStep = cards.filter({ hasText: 'runs this step' });
  await expect(runsStep).toHaveCount(1);
  await expect(runsStep).toHaveAccessibleName(new RegExp(`^${cpuOfStep} .*runs this step`));
});

test('by keyboard: relocate_kernel is offered on the kexec CPU only, and the fault list says every CPU it runs on', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByText('Events, stop behaviour, faults').click();
  const faults = page.getByRole('group', { name: 'Fault injection' });
  const site = faults.getByRole('combobox', { name: 'Site to skip' });
  const cpu = faults.getByRole('combobox', { name: 'On CPU' });
  await site.focus();
  await page.keyboard.press('Home');
  await expect(site).toHaveValue('stop_this_cpu');
  await page.keyboard.press('Tab');
  await expect(cpu).toBeFocused();
  await page.keyboard.press('End');
  await expect(cpu.locator('option:checked')).toHaveText('on CPU 3');
  // Back to the site, one down to relocate_kernel: CPU 3 does not run it, so the choice goes back.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ArrowDown');
  await expect(site).toHaveValue('relocate_kernel');
  await expect(cpu.locator('option:checked')).toHaveText('on every CPU it runs on');
  await page.keyboard.press('Tab');
  // The arrows reach the kexec CPU and no further.
  await page.keyboard.press('ArrowDown');
  await expect(cpu.locator('option:checked')).toHaveText('on CPU 0');
  await page.keyboard.press('ArrowDown');
  await expect(cpu.locator('option:checked')).toHaveText('on CPU 0');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  await expect(faults.getByRole('button', { name: 'Skip a WBINVD' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(faults.getByRole('listitem')).toHaveText(
    /^skip WBINVD in relocate_kernel on every CPU it runs on/,
  );
});

test('by keyboard: a preset picked is said not loaded; Load names it above the form, and focus stays on Load', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  const picker = page.getByRole('combobox', { name: 'Start from a preset', exact: true });
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await expect(picker).toHaveAccessibleDescription(/^Not loaded yet: press Load to run it\. SME active:/);
  await page.keyboard.press('Tab');
  const load = page.getByRole('button', { name: 'Load preset', exact: true });
  await expect(load).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#preset-shows')).toHaveText(/^Loaded preset: AMD, SME active\. SME active:/);
  await expect(load).toBeFocused();
  await expect(page.locator('.results > p[role="status"]')).toHaveText(/^Ran \d+ steps/);
});
