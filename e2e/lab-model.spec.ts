/**
 * The live model beside a lab's prose shows what the prose asks the student to find: a CPU's cache (lab 1
 * step 1: one address held twice), and, where the step allows it, a seed of the student's own.
 */
import { expect, expectNoAxeViolations, test } from './harness.ts';

test("lab 1 step 1: at the copy, CPU 0's cache holds one address twice, and the table says so", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  const model = page.getByRole('region', { name: 'Live model' });
  await model.getByRole('button', { name: 'Last' }).click();
  const back = model.getByRole('button', { name: /Back/ });
  const now = model.locator('.now');
  // Back to the copy of the new kernel (two steps before the end), as the prose says.
  await back.click();
  await back.click();
  await back.click();
  await back.click();
  await expect(now.locator('code').first()).toHaveText('swap_pages');
  const cpu0 = model
    .getByRole('list', { name: 'CPUs at this step' })
    .getByRole('button', { name: /^CPU 0\b/ });
  await cpu0.click();
  const cache = model.getByRole('table', { name: /^CPU 0's cache/ });
  await expect(cache).toHaveAccessibleName(/1 address held twice, under two encryption attributes$/);
  await expect(cache.getByText('this address twice')).toHaveCount(2);
  await expect(cache.getByRole('row', { name: /this address twice/ }).nth(0)).toContainText('C=1');
  await expect(cache.getByRole('row', { name: /this address twice/ }).nth(1)).toContainText('C=0');
  // The new kernel's pages are spread over four pages: the address held twice lies on the third, and
  // every line CPU 0 holds here is at one of them.
  await expect(cache.getByRole('row', { name: /^0x10020c0 new kernel page/ })).toHaveCount(2);
  await expect(cache.locator('tbody tr')).toHaveCount(6);
  await expect(cache.getByText('new kernel page')).toHaveCount(6);
});

test('lab 1 step 1: after the jump, the lines leave in an order the step card, the outcome and the text view show, the culprits marked', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  const model = page.getByRole('region', { name: 'Live model' });
  await model.getByRole('button', { name: 'Last' }).click();
  await model.getByRole('button', { name: /Back/ }).click();
  const now = model.locator('.now');
  await expect(now.locator('code').first()).toHaveText('cache_model');
  // The note's evidence tag is a badge, as in lab prose; read aloud, it is said in words.
  await expect(now.locator('.note abbr.badge', { hasText: 'LIST' })).toHaveAttribute(
    'title',
    'read in mailing-list prose',
  );
  await expect(now).not.toContainText('[LIST]');
  await expect(model.locator('[aria-live="polite"]')).toContainText(
    'in no fixed order (read in mailing-list prose);',
  );
  const order = now.getByRole('list', {
    name: /^Written back after the jump, in this order: 6 lines, 2 of them over the new kernel's copy$/,
  });
  const items = order.getByRole('listitem');
  await expect(items).toHaveCount(6);
  // Its title is said once, as the list's name: the paragraph showing it is hidden from screen readers.
  await expect(now.locator('p.title', { hasText: /^Written back after the jump/ })).toHaveAttribute(
    'aria-hidden',
    'true',
  );
  await expect(items.nth(0)).toContainText('0x1003000');
  await expect(items.nth(0)).toContainText('it corrupts the line');
  await expect(items.nth(3)).toContainText("the new kernel's copy, overwritten by line 5");
  await expect(items.nth(4)).toHaveText(
    "CPU 0, 0x10020c0 with C=1 (encrypted), holding old:0x10020c0: stale alias, written after the new kernel's copy reached memory: it corrupts the line",
  );
  await expect(order.getByText('it corrupts the line')).toHaveCount(2);
  // The outcome (the end of the run) says the same order.
  await expect(
    model
      .locator('.outcome')
      .getByRole('list', { name: /^Written back after the jump, in this order/ })
      .getByRole('listitem'),
  ).toHaveCount(6);
  // The WBINVD table in step order: the skipped one where it happened.
  const wbinvd = model.getByRole('table', { name: /^Every WBINVD of this run/ });
  await expect(wbinvd.locator('tbody tr td:first-child')).toHaveText(['24', '31', '38', '50']);
  // The text view: an ordered list, once the step is reached.
  await model.getByRole('button', { name: 'Text view' }).click();
  const twin = model.getByRole('region', { name: 'Text view of the run' });
  const list = twin.getByRole('list', { name: 'Written back after the jump, in this order' });
  await expect(
    twin.getByRole('heading', { name: 'Written back after the jump, in this order' }),
  ).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(6);
  await expect(list.getByRole('listitem').nth(4)).toHaveText(
    "CPU 0, 0x10020c0 with C=1 (encrypted), holding old:0x10020c0: stale alias, written after the new kernel's copy reached memory: it corrupts the line.",
  );
  await model.getByRole('button', { name: 'First' }).click();
  await expect(twin.getByRole('heading', { name: /^Written back/ })).toHaveCount(0);
});

test("lab 1 step 2: the seed beside the model is the student's, and a bad one is said, not used", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/2');
  const model = page.getByRole('region', { name: 'Live model' });
  const seed = model.getByRole('spinbutton', { name: 'Seed' });
  // The step's own seed is the field's value: read and copied as it is, not a grey hint.
  await expect(seed).toHaveValue('3');
  await model.getByRole('button', { name: 'Last' }).click();
  await model.getByRole('button', { name: /Back/ }).click();
  // Seed 3 (the step's own) leaves 5 dirty lines to be written back after the jump; seed 4 leaves 4.
  await expect(model).toContainText('The 5 dirty lines still in the caches are written back');
  const order = model.locator('.now').getByRole('list', { name: /^Written back after the jump/ });
  await expect(order.getByRole('listitem')).toHaveCount(5);
  await seed.fill('4');
  await model.getByRole('button', { name: 'Last' }).click();
  await model.getByRole('button', { name: /Back/ }).click();
  await expect(model).toContainText('The 4 dirty lines still in the caches are written back');
  await expect(order.getByRole('listitem')).toHaveCount(4);
  await seed.fill('1.5');
  await expect(model.getByRole('alert')).toHaveText(/A seed is a whole number from 0 to 4294967295/);
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
});

test("lab 1 step 2: with the kexec CPU's flush skipped, the seed decides how much of the new kernel is corrupted, as the prose says", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/2');
  const model = page.getByRole('region', { name: 'Live model' });
  const seed = model.getByRole('spinbutton', { name: 'Seed' });
  const outcome = model.locator('.outcome');
  const lines = outcome.getByRole('list', { name: 'New kernel lines' }).getByRole('listitem');
  const culprits = outcome.locator('ul.small > li');
  const last = () => model.getByRole('button', { name: 'Last' }).click();

  // Seed 3, the step's own: two of the 16 lines overwritten by CPU 0's stale C=1 lines.
  await last();
  await expect(model.locator('.now')).toContainText(
    'Silent corruption: 2 of 16 lines of the new kernel were overwritten by stale lines written back after the copy.',
  );
  await expect(outcome.locator('.badge').first()).toHaveText('jumped to the new kernel, corrupted');
  await expect(outcome.getByText('2 of 16 lines corrupted')).toBeVisible();
  await expect(lines).toHaveCount(16);
  await expect(outcome.locator('ol.mem > li.bad')).toHaveCount(2);
  await expect(culprits).toHaveCount(2);
  for (const c of await culprits.all())
    await expect(c).toContainText('written back late by CPU 0 with C=1 (encrypted)');
  const written = outcome.getByRole('list', { name: /^Written back after the jump, in this order/ });
  await expect(written.getByText('it corrupts the line')).toHaveCount(2);

  // Seed 6: stale lines again, each leaving before the new kernel's own line of its address: intact.
  await seed.fill('6');
  await last();
  await expect(outcome.getByText('all 16 lines intact')).toBeVisible();
  await expect(outcome.locator('ol.mem > li.bad')).toHaveCount(0);
  await expect(model.locator('.now')).toContainText('another order could corrupt them');

  // Seed 8: one line.
  await seed.fill('8');
  await last();
  await expect(outcome.getByText('1 of 16 lines corrupted')).toBeVisible();
  await expect(culprits).toHaveCount(1);
});

test("lab 2 step 4: the comparison the prose sends the student to flushes the same, and differs in relocate_kernel's argument", async ({
  page,
  app,
}) => {
  await app.open('#/lab/02-sme-two-wbinvds/4');
  // The button the prose names, by its words.
  await expect(page.locator('.prose')).toContainText('press Compare with before (v6.17) beside the model');
  await page.getByRole('button', { name: 'Compare with before (v6.17)', exact: true }).click();
  const cmp = page.getByRole('region', { name: 'Compare after (v6.18) with before (v6.17)' });
  await expect(cmp).toContainText('0 WBINVDs changed; outcome the same');
  await expect(cmp.locator('.same-line')).toContainText(
    'WBINVD in stop_this_cpu on CPUs 1–3; relocate_kernel on CPU 0',
  );
  const rk = cmp.locator('dt', { hasText: 'relocate_kernel' }).locator('+ dd');
  await expect(rk).toHaveText('flags = [RELOC_KERNEL_CACHE_INCOHERENT] vs host_mem_enc_active = 1');
  await expect(rk).toHaveClass(/changedText/);
});

test('answers given as a guest, then an id saved: the student is told the exercises now read as theirs', async ({
  page,
  app,
}) => {
  await app.open('#/lab/02-sme-two-wbinvds/1');
  await expect(page.getByText('answers given as a guest are to a guest')).toBeVisible();
  const panel = page.locator('article.exercise');
  await panel.locator('.choice input').first().check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByRole('region', { name: /^(Not quite|Correct)/ })).toBeVisible();
  await page.getByLabel('Name').fill('Kid');
  await page.getByLabel('Student id').fill('kid-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'now show the variants of kid-1' })).toContainText(
    'What you answered before, as guest, is kept in Results',
  );
});

test('a fault is said beside the controls, what it skipped or why it skipped nothing; relocate_kernel is offered on the kexec CPU only', async ({
  page,
  app,
}) => {
  // Lab 1 step 3 with seed 2, as exercise 1 asks: skipping relocate_kernel's WBINVD corrupts the new kernel.
  await app.open('#/lab/01-why-flush/3');
  const model = page.getByRole('region', { name: 'Live model' });
  const site = model.getByLabel('Site to skip');
  const cpu = model.getByLabel('On CPU');
  const note = model.locator('fieldset.fault .notice');
  // Each site says where it flushes in this step's run; those that flush nowhere are marked.
  await expect(site.locator('option')).toHaveText([
    'none',
    'stop_this_cpu (CPUs 1–3)',
    'relocate_kernel (CPU 0)',
    'tdx_cpu_flush_cache_for_kexec (no WBINVD in this run)',
    'play_dead (no WBINVD in this run)',
    'kdump_sev_callback (no WBINVD in this run)',
  ]);
  await site.selectOption('stop_this_cpu');
  await cpu.selectOption({ label: 'on CPU 1' });
  await expect(note).toHaveCount(0);

  // CPU 1 does no relocate_kernel WBINVD: the CPU goes back to every CPU, and the kexec CPU's is skipped.
  await site.selectOption('relocate_kernel');
  await expect(cpu.locator('option:checked')).toHaveText('on every CPU it runs on');
  await expect(note).toHaveCount(0);
  await expect(model.getByRole('status')).toContainText(
    'skipping the WBINVD in relocate_kernel on every CPU it runs on',
  );
  // Only the kexec CPU runs relocate_kernel: no other CPU is offered for it.
  await expect(cpu.locator('option')).toHaveText(['on every CPU it runs on', 'on CPU 0']);
  // What the fault skipped, and what came of it, in plain words beside the controls.
  const effect = model.locator('#fault-effect');
  await expect(effect).toHaveText(
    /^Skipped the relocate_kernel WBINVD on CPU 0 \(step \d+\): its dirty lines stay in CPU 0's cache, and \d+ of the new kernel's 16 lines (was|were) overwritten by stale lines CPU 0 wrote back after the copy\.$/,
  );
  await expect(cpu).toHaveAccessibleDescription((await effect.textContent()) ?? '');

  // stop_this_cpu asked for on the kexec CPU: said plainly, to the eye and (run again) to a screen reader.
  await site.selectOption('stop_this_cpu');
  await expect(cpu.locator('option')).toHaveCount(5);
  await cpu.selectOption({ label: 'on CPU 0' });
  const said =
    'This fault matches no WBINVD in this run: stop_this_cpu() runs on the other CPUs, not on the kexec CPU (CPU 0).';
  await expect(effect).toHaveCount(0);
  await expect(note).toHaveText(said);
  await expect(cpu).toHaveAccessibleDescription(said);
  await expect(model.getByRole('status')).toContainText(said);
  await expectNoAxeViolations(page, 'the fault controls with their note', 'fieldset.fault');

  await site.selectOption('tdx_cpu_flush_cache_for_kexec');
  await expect(note).toHaveText(
    'This fault matches no WBINVD in this run: tdx_cpu_flush_cache_for_kexec() runs only on an Intel TDX host.',
  );
  await site.selectOption('');
  await expect(note).toHaveCount(0);
});

test("each lab step starts from its own seed, and finds the student's again when they come back", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/2');
  const seed = page.getByRole('region', { name: 'Live model' }).getByRole('spinbutton', { name: 'Seed' });
  await seed.fill('7');
  await seed.press('Tab');
  await page.getByRole('button', { name: /^Next lab step/ }).click();
  // Step 3: its own seed (2) shown, and the run made with it.
  await expect(seed).toHaveValue('2');
  await page.getByRole('button', { name: /^Previous lab step/ }).click();
  await expect(seed).toHaveValue('7');
  // Emptied, the field goes back to the step's own seed, and shows it.
  await seed.fill('');
  await seed.press('Tab');
  await expect(seed).toHaveValue('3');
  await expect(page.getByRole('region', { name: 'Live model' }).getByRole('status')).toContainText(
    "with the step's own seed (3)",
  );
});

test('the profile form asks for the student id when it is left empty, and gives the rule for a bad one', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  const form = page.getByRole('form', { name: 'Who is studying?' });
  await form.getByLabel('Name').fill('Ada');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toHaveText('Please enter your student id.');
  await form.getByLabel('Student id').fill('s 1');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'The student id may use letters, digits, dot, dash and underscore (up to 64).',
  );
});

test("lab 5 step 3: at the end, CPU 3's card says it raced, as the outcome does, not only that it halted", async ({
  page,
  app,
}) => {
  await app.open('#/lab/05-stopping-cpus/3');
  const model = page.getByRole('region', { name: 'Live model' });
  await model.getByRole('button', { name: 'Last' }).click();
  const cpus = model.getByRole('list', { name: 'CPUs at this step' });
  const card = (n: number) => cpus.getByRole('button', { name: new RegExp(`^CPU ${n}\\b`) });
  await expect(card(3)).toContainText('halted');
  await expect(card(3)).toContainText('stopped by REBOOT IPI, late: after the wait expired');
  await expect(card(3)).toContainText(
    'race: woken by the NMI, still running old-kernel code when the kexec CPU went on',
  );
  await expect(model).toContainText('CPU 3 still running old-kernel code when the kexec CPU went on');
  // The CPUs that took the REBOOT IPI in time say only that.
  await expect(card(1)).toContainText('stopped by REBOOT IPI');
  await expect(card(1)).not.toContainText('late');
  await expect(card(1)).not.toContainText('race');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expectNoAxeViolations(page, `lab 5 step 3's CPU cards at the end, ${theme}`, '.live');
  }
});
