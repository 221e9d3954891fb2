/**
 * Screenshots of every view, both themes, 4 and 64 CPUs, into e2e/screenshots/ (named in README.md);
 * with FLUSHPOINT_UPDATE_DOCS=1 the light 4-CPU sandbox also becomes docs/sandbox.png, the README's picture.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, FIRST_CHART, ROOT, sandboxWithCpus, SHOTS, test } from './harness.ts';

for (const theme of ['light', 'dark'] as const) {
  for (const cpus of [4, 64]) {
    test(`screenshots: ${theme}, ${cpus} CPUs`, async ({ page, app }) => {
      await mkdir(SHOTS, { recursive: true });
      const shot = (name: string) =>
        page.screenshot({ path: join(SHOTS, `${name}-${theme}-${cpus}cpu.png`), fullPage: true });
      await page.emulateMedia({ colorScheme: theme });
      await sandboxWithCpus(page, app.open, cpus);
      await expect(page.getByRole('region', { name: /^Compare/ })).toBeVisible();
      // Clicking Run scrolled the form panel; show it from its top, as a newcomer first sees it.
      await page.locator('form.setup').evaluate((el) => el.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `sandbox-${theme}-${cpus}cpu.png`) });
      // The README's picture is refreshed on demand only, so a test run leaves the checkout clean.
      if (process.env['FLUSHPOINT_UPDATE_DOCS'] && theme === 'light' && cpus === 4)
        await copyFile(join(SHOTS, 'sandbox-light-4cpu.png'), join(ROOT, 'docs', 'sandbox.png'));
      await page
        .getByRole('region', { name: /^Compare/ })
        .screenshot({ path: join(SHOTS, `compare-${theme}-${cpus}cpu.png`) });

      // Mid-run, with a WBINVD selected: the timeline and its why-chain.
      await page.getByRole('button', { name: 'Go to step', exact: false }).first().click();
      await page.locator('.timeline').screenshot({ path: join(SHOTS, `timeline-${theme}-${cpus}cpu.png`) });
      // The CPUs at that step: cards at 4 CPUs, the compact grid with its row numbers at 64.
      await page
        .locator('section.model .grid, section.model .compact-wrap')
        .first()
        .screenshot({ path: join(SHOTS, `cpus-${theme}-${cpus}cpu.png`) });
      // A run too long for the box opens fitted (the shot above): at 9 px a step, then fitted again.
      const fit = page.getByRole('button', { name: 'Fit the whole run' });
      if (await fit.isVisible()) {
        await expect(page.getByText(/^all \d+ steps in view; press again for 9 px a step$/)).toBeVisible();
        await fit.click();
        await expect(page.getByText(/^9 px a step/)).toBeVisible();
        await page
          .locator('.timeline')
          .screenshot({ path: join(SHOTS, `timeline-9px-${theme}-${cpus}cpu.png`) });
        await fit.click();
      }
      await page.getByText('State machine of CPU').click();
      await expect(page.getByRole('img', { name: /CPU state machine/ })).toBeVisible(FIRST_CHART);
      await page
        .locator('details.chart')
        .first()
        .screenshot({ path: join(SHOTS, `statechart-${theme}-${cpus}cpu.png`) });
      // The kexec flow and the stop protocol, at the same step.
      for (const [summary, file] of [
        ['The kexec flow:', 'kexecflow'],
        ['The stop protocol:', 'stopprotocol'],
      ] as const) {
        const chart = page.locator('details.chart', { hasText: summary });
        await chart.locator('summary').click();
        await expect(chart.getByRole('img')).toBeVisible();
        await chart.screenshot({ path: join(SHOTS, `${file}-${theme}-${cpus}cpu.png`) });
      }
      await page.getByRole('button', { name: 'Text view' }).click();
      await shot('textview');

      // Predict the difference first: the question, then the checked comparison.
      await page.getByRole('button', { name: 'Text view' }).click();
      await page.getByRole('checkbox', { name: 'Ask me to predict the differences first' }).check();
      const compare = page.getByRole('region', { name: /^Compare/ });
      await compare.screenshot({ path: join(SHOTS, `predict-${theme}-${cpus}cpu.png`) });
      await compare.getByRole('checkbox').first().check();
      await compare.getByRole('radio', { name: 'the same' }).check();
      await compare.getByRole('button', { name: 'Reveal the comparison' }).click();
      await compare.screenshot({ path: join(SHOTS, `predict-checked-${theme}-${cpus}cpu.png`) });

      if (cpus === 4) {
        await app.open('#/labs');
        await page.getByLabel('Name').fill('Screenshot Student');
        await page.getByLabel('Student id').fill('shot-1');
        await page.getByRole('button', { name: 'Save' }).click();
        await expect(page.getByText('Studying as')).toBeVisible();
        await shot('labs');
        await app.open('#/lab/02-sme-two-wbinvds/3');
        await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();
        // A wrong answer that names a misconception, by its text (options are shown in a seeded order).
        await page.getByRole('radio', { name: /which ran kexec -e$/ }).check();
        await page.getByRole('button', { name: 'Check answer' }).click();
        await expect(page.locator('.feedback')).toBeVisible();
        await page.screenshot({ path: join(SHOTS, `lab-${theme}.png`) });
        await shot('lab-full');
        await app.open('#/lab/04-tdx-percpu-flag/1');
        await page.getByRole('button', { name: /^Compare with before/ }).click();
        await expect(page.getByText('Predict first.')).toBeVisible();
        await page.screenshot({ path: join(SHOTS, `lab-predict-${theme}.png`) });
        await page.getByRole('checkbox', { name: 'CPU 1: tdx_cpu_flush_cache_for_kexec changes' }).check();
        await page.getByRole('radio', { name: 'different' }).check();
        await page.getByRole('button', { name: 'Reveal the comparison' }).click();
        await page
          .getByRole('region', { name: /^Compare/ })
          .screenshot({ path: join(SHOTS, `lab-predict-checked-${theme}.png`) });
        await app.open('#/results/02-sme-two-wbinvds');
        await expect(page.getByText('Score')).toBeVisible();
        // With a copy saved for the instructor.
        await page.getByRole('button', { name: 'Save my progress for my instructor…' }).click();
        await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
        await shot('results');
      }
    });
  }
}
