/**
 * The glossary: reached from the main navigation, every word listed and linked; an address opens at one
 * word, focused; its functions come with their files; axe in both themes; photographed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GLOSSARY } from '../src/lab/glossary.ts';
import { expect, expectNoAxeViolations, SHOTS, test } from './harness.ts';

test('the glossary lists every word, opens at one by its address, and says where it lives in the code', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  await expect(page).toHaveTitle('Glossary · Flushpoint');
  const index = page.getByRole('navigation', { name: 'Glossary words' });
  await expect(index.getByRole('link')).toHaveCount(GLOSSARY.length);

  // A word from the index: its own address, its heading focused, its functions and files.
  await index.getByRole('link', { name: 'cache_state_incoherent', exact: true }).click();
  await expect(page).toHaveURL(/#\/glossary\/cache-state-incoherent$/);
  const heading = page.getByRole('heading', { level: 2, name: 'cache_state_incoherent', exact: true });
  await expect(heading).toBeFocused();
  const entry = page.getByRole('article', { name: 'cache_state_incoherent', exact: true });
  await expect(entry).toContainText('stop_this_cpu (arch/x86/kernel/process.c)');
  await expect(entry).toContainText('DIFF');
  // A path the reference does not name says whose it is.
  await app.open('#/glossary/stop-this-cpu');
  await expect(page.getByRole('article', { name: 'stop_this_cpu()', exact: true })).toContainText(
    'native_halt (arch/x86/include/asm/irqflags.h, where the mainline tree keeps it: the reference does not name it)',
  );
  await app.open('#/glossary/cache-state-incoherent');
  // "See also" moves on to the related word.
  await entry.getByRole('link', { name: 'RELOC_KERNEL_CACHE_INCOHERENT' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'RELOC_KERNEL_CACHE_INCOHERENT' })).toBeFocused();

  // An inference written in an entry shows as the badge lab prose uses.
  await app.open('#/glossary/wbinvd');
  const wbinvd = page.getByRole('article', { name: 'WBINVD', exact: true });
  await expect(wbinvd.locator('abbr.badge', { hasText: 'INF' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'WBINVD', exact: true })).toBeFocused();

  // From a lab's prose: a word links to its entry.
  await app.open('#/lab/01-why-flush/1');
  await page
    .getByRole('region', { name: /^Step 1:/ })
    .getByRole('link', { name: 'C-bit' })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'SME, the C-bit' })).toBeFocused();

  await mkdir(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoAxeViolations(page, `the glossary, ${scheme}`);
    await page.screenshot({ path: join(SHOTS, `glossary-${scheme}.png`) });
  }
});

test('a step of the model opens its function in the glossary, in place, by keyboard, and stays open while stepping', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Step through' }).click();
  // The run restarts at step 0 once the simulator is loaded: presses before that land on the first
  // screen's finished run, whose Next is disabled (a loaded machine lost six of them).
  await expect(page.getByText('Step 0 of 55')).toBeVisible();
  const next = page.getByRole('button', { name: /^Next/ });
  // Step 22 of the first preset: CPU 1 in stop_this_cpu().
  for (let i = 0; i < 22; i++) await next.press('Enter');
  await expect(page.getByText('Step 22 of 55')).toBeVisible();
  const what = page.getByText('What is stop_this_cpu?');
  await what.focus();
  await page.keyboard.press('Enter');
  const note = page.locator('details.gloss');
  await expect(note).toHaveAttribute('open', '');
  await expect(note).toContainText('stop_this_cpu(): What a stopped CPU runs');
  await expect(note.locator('strong', { hasText: 'WBINVD if its flag is set' })).toBeVisible();
  await expect(note.locator('code', { hasText: 'cpus_stop_mask' })).toBeVisible();
  // The other words that carry stop_this_cpu() are linked too.
  await expect(note.getByText(/is also under/)).toContainText('REBOOT IPI');
  await expect(note.getByRole('link', { name: 'The NMI fallback' })).toBeVisible();
  await expectNoAxeViolations(page, 'a step with its glossary entry open', '.now');

  // The text view has it too, as open as the drawn view left it.
  await page.getByRole('button', { name: 'Text view' }).click();
  const twin = page.getByRole('region', { name: 'Text view of the run' });
  await expect(twin.locator('details.gloss')).toHaveAttribute('open', '');
  await expect(twin.locator('details.gloss')).toContainText('What a stopped CPU runs');
  await page.getByRole('button', { name: 'Text view', pressed: true }).click();

  // Stepping on keeps it open, now for the next step's function; a step the glossary has no word for
  // shows none.
  await next.click();
  await expect(page.getByText('Step 23 of 55')).toBeVisible();
  await expect(note).toHaveAttribute('open', '');
  await page.getByRole('button', { name: 'Last' }).click();
  await expect(page.locator('.now')).toContainText('new_kernel');
  await expect(page.locator('details.gloss')).toHaveCount(0);

  // Its link opens the whole entry; Back returns to the sandbox where it was.
  await page.getByRole('button', { name: /Back/ }).click();
  await page.getByRole('button', { name: /Back/ }).click();
  await page.getByRole('button', { name: /Back/ }).click();
  await expect(page.getByText('Step 52 of 55')).toBeVisible();
  const link = page.locator('details.gloss').getByRole('link', { name: /in the glossary/ });
  await expect(link).toBeVisible();
  const name = (await link.textContent()) ?? '';
  await link.click();
  await expect(page).toHaveURL(/#\/glossary\//);
  const term = /“(.+)”/.exec(name)?.[1] ?? '';
  await expect(page.getByRole('heading', { level: 2, name: term, exact: true })).toBeFocused();
  await page.goBack();
  await expect(page.getByText('Step 52 of 55')).toBeVisible();
});
