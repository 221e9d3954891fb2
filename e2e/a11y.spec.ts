import type { Locator } from '@playwright/test';
import { expect, expectNoAxeViolations as axe, FIRST_CHART, sandboxWithCpus, test } from './harness.ts';

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test('sandbox, timeline, compare and text view', async ({ page, app }) => {
      // Six whole-page axe runs and four simulator runs: on a loaded 2-vCPU machine this takes most of
      // the default minute by itself.
      test.slow();
      await app.open('#/sandbox');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(page.getByRole('region', { name: /^Compare/ })).toBeVisible();
      await page.getByText('Who flushes where, and why (or why not)').click();
      await expect(page.getByRole('row', { name: /relocate_kernel CPU 0 yes/ })).toBeVisible();
      await axe(page, 'the sandbox with timeline, compare and who flushes where');
      await page.getByText('State machine of CPU').click();
      await expect(page.getByRole('img', { name: /CPU state machine/ })).toBeVisible(FIRST_CHART);
      await page.getByText('The kexec flow:').click();
      await page.getByText('The stop protocol:').click();
      await expect(page.getByRole('img', { name: /^kexec flow state machine/ })).toBeVisible(FIRST_CHART);
      await expect(page.getByRole('img', { name: /^stop protocol state machine/ })).toBeVisible(FIRST_CHART);
      await axe(page, 'the statecharts');
      await page.getByRole('button', { name: 'Text view' }).click();
      await axe(page, 'the text view');
      // The Hygon preset's notice, then a comparison whose identical rows are shown.
      await page
        .getByLabel('Preset')
        .selectOption({ label: 'Hygon, SME active: before vs after (inferred from code)' });
      await page.getByRole('button', { name: 'Load preset' }).click();
      await expect(page.getByText('These runs follow the kernel code as read for Hygon')).toBeVisible();
      await axe(page, 'the Hygon preset with its notice');
      // AMD, SME active: every WBINVD the same in both kernels, shown on request.
      await page.getByRole('radio', { name: 'AMD' }).check();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByRole('button', { name: /^Show these \d+ rows$/ }).click();
      await expect(page.getByRole('button', { name: /^Hide these \d+ rows$/ })).toBeVisible();
      await axe(page, 'a comparison with its identical rows shown');
      // A scenario file that does not open (its problems listed), and a 64-CPU timeline fitted in.
      await page.getByText('Scenario file: open one, or see this one').click();
      await page
        .getByLabel('Open a scenario file (YAML or JSON)')
        .setInputFiles({ name: 'bad.yaml', mimeType: 'text/yaml', buffer: Buffer.from('kernel: later\n') });
      await expect(page.getByRole('alert').filter({ hasText: 'Not opened' })).toBeVisible();
      await page.getByRole('spinbutton', { name: 'CPUs' }).fill('64');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      // Back from the text view to the drawn one.
      await page.getByRole('button', { name: 'Text view', pressed: true }).click();
      await expect(page.getByRole('button', { name: 'Fit the whole run', pressed: true })).toBeVisible();
      await expect(page.getByText(/^all \d+ steps in view; press again for 9 px a step$/)).toBeVisible();
      await axe(page, 'the scenario file panel and a fitted 64-CPU timeline');
    });

    test('labs home and a lab with an exercise answered', async ({ page, app }) => {
      // Three whole-page axe runs: on a loaded 2-vCPU machine this ran out of the default minute.
      test.slow();
      await app.open('#/labs');
      await expect(page.getByRole('heading', { name: 'Labs', level: 1 })).toBeVisible();
      await axe(page, 'the labs home');
      await app.open('#/lab/02-sme-two-wbinvds/3');
      await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();
      await page.locator('.choice input').first().check();
      await page.getByRole('button', { name: 'Check answer' }).click();
      await expect(page.locator('.feedback')).toBeVisible();
      await axe(page, 'a lab');
      await app.open('#/lab/04-tdx-percpu-flag/1');
      await page.getByRole('button', { name: /^Compare with before/ }).click();
      await expect(page.getByText('Predict first.')).toBeVisible();
      await axe(page, 'a lab step asking for a prediction');
      await page.getByRole('radio', { name: 'different' }).check();
      await page.getByRole('button', { name: 'Reveal the comparison' }).click();
      await expect(page.getByRole('button', { name: 'Predict again' })).toBeVisible();
      await axe(page, 'a checked prediction');
      await app.open('#/results');
      await expect(page.getByRole('heading', { name: /Results/ })).toBeVisible();
      await axe(page, 'results');
    });
  });
}

test('a high-contrast (forced colours) theme keeps the colours that carry meaning: the timeline key, the new kernel', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const key = page.locator('.legend .key.wb');
  const line = page.locator('ol.mem li').first();
  await expect(key).toBeVisible();
  const colours = () =>
    Promise.all([key, line].map((l) => l.evaluate((e) => getComputedStyle(e).backgroundColor)));
  const normal = await colours();
  await page.emulateMedia({ forcedColors: 'active' });
  expect(await colours()).toEqual(normal);
  expect(normal).not.toContain('rgba(0, 0, 0, 0)');
});

test('a high-contrast (forced colours) theme keeps every state apart: the compact grid, a toggle that is on, the CPU cards, the lab step shown', async ({
  page,
  app,
}) => {
  await page.emulateMedia({ forcedColors: 'active' });
  // What a state is drawn with: two elements in different states must differ in at least one of these.
  const look = (l: Locator) =>
    l.evaluate((e) => {
      const c = getComputedStyle(e);
      return [c.backgroundColor, c.borderStyle, c.borderWidth, c.borderColor, c.boxShadow]
        .concat([c.outlineStyle, c.outlineWidth, c.outlineColor])
        .join(' | ');
    });
  const apart = async (a: Locator, b: Locator) => expect(await look(a)).not.toEqual(await look(b));
  // Hover and focus change a button's border: compared with neither, only the state tells two apart.
  const leave = async () => {
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  };

  // 40 CPUs, at the step where CPU 24 sets its flag: CPUs 0-24 set, the rest clear.
  await sandboxWithCpus(page, app.open, 40, 'Step through');
  const model = page.getByRole('region', { name: /the model$/ });
  await model.getByRole('slider').fill('50');
  await expect(model.getByText('Step 50 of', { exact: false })).toBeVisible();
  const grid = model.getByRole('group', { name: /^40 CPUs/ });
  const cell = (n: number) => grid.getByRole('button', { name: new RegExp(`^CPU ${n}[,:]`) });
  await cell(5).click();
  await leave();
  await expect(cell(1)).toHaveAccessibleName(/flag set/);
  await expect(cell(30)).toHaveAccessibleName(/flag clear/);
  await expect(cell(24)).toHaveAccessibleName(/^CPU 24, runs this step/);
  await apart(cell(1), cell(30)); // flag set, flag clear
  await apart(cell(0), cell(24)); // kexec CPU, runs this step
  await apart(cell(0), cell(1)); // kexec CPU, neither
  await apart(cell(24), cell(1)); // runs this step, neither
  await apart(cell(5), cell(1)); // selected, not
  // Toggles: Explore after/before, Text view on and off.
  await apart(
    page.getByRole('button', { name: 'after (v6.18)', exact: true }),
    page.getByRole('button', { name: 'before (v6.17)', exact: true }),
  );
  const textView = model.getByRole('button', { name: /^Text view(, |$)/ });
  const off = await look(textView);
  await textView.click();
  await expect(textView).toHaveAttribute('aria-pressed', 'true');
  await leave();
  expect(await look(textView)).not.toEqual(off);
  await textView.click();

  // The cards of 4 CPUs: the one selected, the one running the step, the others.
  await page.getByRole('spinbutton', { name: 'CPUs' }).fill('4');
  await page.getByRole('button', { name: 'Step through', exact: true }).click();
  await model.getByRole('slider').fill('30');
  const card = (n: number) =>
    model
      .getByRole('list', { name: 'CPUs at this step' })
      .getByRole('button', { name: new RegExp(`^CPU ${n}\\b`) });
  await expect(card(2)).toHaveAccessibleName(/runs this step/);
  await card(1).click();
  await leave();
  await apart(card(1), card(3));
  await apart(card(2), card(3));
  await apart(card(1), card(2));

  // A lab: the step shown, and the exercise open.
  await app.open('#/lab/02-sme-two-wbinvds/2/3');
  await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();
  const stepButtons = page.getByRole('group', { name: 'Steps' }).getByRole('button');
  await expect(stepButtons.nth(1)).toHaveAttribute('aria-current', 'step');
  await apart(stepButtons.nth(1), stepButtons.nth(0));
  const exercises = page.locator('.ex-list button');
  await expect(exercises.nth(2)).toHaveAttribute('aria-current', 'true');
  await apart(exercises.nth(2), exercises.nth(0));
});

test('headings never skip a level: the sandbox with its run and text view, a lab with its model', async ({
  page,
  app,
}) => {
  const skips = () =>
    page.evaluate(() => {
      const levels = [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
        .filter((h) => !h.closest('[hidden]'))
        .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent?.trim() ?? '' }));
      const out: string[] = [];
      levels.forEach((h, i) => {
        const prev = levels[i - 1];
        if (prev && h.level > prev.level + 1)
          out.push(`${prev.text} (h${prev.level}) -> ${h.text} (h${h.level})`);
      });
      return out;
    });
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await page.getByRole('button', { name: 'Text view' }).click();
  expect(await skips()).toEqual([]);
  await app.open('#/lab/02-sme-two-wbinvds/2');
  await expect(page.getByRole('heading', { name: 'The model' })).toBeVisible();
  expect(await skips()).toEqual([]);
});
