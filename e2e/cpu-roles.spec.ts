/**
 * The kexec CPU's role badge: "kexec CPU" on its card, in its grid cell's name and in the text view's Role
 * column, described as the CPU that carries the kexec through (the reboot CPU after kexec -e, whichever
 * CPU ran it; in kdump the CPU that panicked), never as "the CPU that ran kexec -e" (domain §2b).
 */
import { KEXEC_CPU_MEANS } from '../src/renderer/src/lib/snapshot.ts';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, sandboxWithCpus, SHOTS, test } from './harness.ts';

const MEANS = `kexec CPU: ${KEXEC_CPU_MEANS}`;

test('the kexec CPU badge and its description, on the card and in the text view', async ({ page, app }) => {
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const grid = page.getByRole('list', { name: 'CPUs at this step' }).first();
  const cards = grid.getByRole('button');
  await expect(cards.first()).toBeVisible();
  const k = grid.getByRole('button', { name: /kexec CPU/ });
  await expect(k).toHaveCount(1);
  await expect(k.locator('.badge.k')).toHaveText('kexec CPU');
  // Its role, then what pressing a card does (every card says that).
  const CACHE = 'Shows its cache lines below.';
  await expect(k).toHaveAccessibleDescription(`${MEANS} ${CACHE}`);
  await expect(k).toHaveAccessibleDescription(/reboot CPU, whichever CPU ran kexec -e/);
  // The other CPUs have no role: only what pressing shows.
  const others = grid.getByRole('button').filter({ hasNotText: 'kexec CPU' });
  expect(await others.count()).toBeGreaterThan(0);
  await expect(others.first()).toHaveAccessibleDescription(CACHE);
  await expect(page.getByText(/reboot CPU$/)).toHaveCount(0);

  // The text view: the same word in the Role column, and what it means under the table.
  await page.getByRole('button', { name: 'Text view' }).first().click();
  const twin = page.getByRole('region', { name: 'Text view of the run' });
  const table = twin.getByRole('table', { name: /^CPUs after step/ });
  await expect(
    table
      .getByRole('row', { name: /^CPU 0 / })
      .getByRole('cell')
      .first(),
  ).toHaveText('kexec CPU');
  await expect(
    table
      .getByRole('row', { name: /^CPU 1 / })
      .getByRole('cell')
      .first(),
  ).toHaveText('');
  await expect(twin.getByText(MEANS)).toBeVisible();
  await mkdir(SHOTS, { recursive: true });
  await twin.screenshot({ path: join(SHOTS, 'cpu-roles-text-view.png') });
});

test('a 64-CPU host: the compact grid names and describes the kexec CPU cell alone', async ({
  page,
  app,
}) => {
  await sandboxWithCpus(page, app.open, 64);
  const grid = page.getByRole('group', { name: /64 CPUs at this step/ }).first();
  const k = grid.getByRole('button', { name: /kexec CPU/ });
  await expect(k).toHaveCount(1);
  await expect(k).toHaveAccessibleName(/^CPU 0, kexec CPU/);
  await expect(k).toHaveAccessibleDescription(MEANS);
  await expect(grid.getByRole('button', { name: /^CPU 5:/ })).toHaveAccessibleDescription('');
});
