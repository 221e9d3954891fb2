import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchRefusedBy } from './csp.ts';
import { expect, expectNoAxeViolations, FIRST_CHART, ROOT, sandboxWithCpus, test } from './harness.ts';

/** Picks a preset of the sandbox and loads it (which runs it). */
async function loadPreset(page: Page, label: string): Promise<void> {
  await page.getByLabel('Preset').selectOption({ label });
  await page.getByRole('button', { name: 'Load preset' }).click();
}

/** Opens the sandbox and runs the first preset on 64 CPUs, compared as asked (else before vs after). */
async function runOn64Cpus(page: Page, open: (hash?: string) => Promise<void>, compareWith?: string) {
  await open('#/sandbox');
  await page.getByRole('spinbutton', { name: 'CPUs' }).fill('64');
  if (compareWith)
    await page
      .getByRole('group', { name: 'Compare with', exact: true })
      .getByRole('radio', { name: compareWith })
      .check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
}

test.describe('sandbox', () => {
  test('a newcomer compares "AMD, SME supported" before vs after and sees which WBINVD changed and why', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    await expect(page.getByRole('heading', { name: 'Sandbox', level: 1 })).toBeVisible();
    // The preset picker says in full what each preset shows, as the student moves through them.
    const picker = page.getByLabel('Preset');
    await picker.selectOption({ label: 'Intel without TDX' });
    await expect(picker).toHaveAccessibleDescription(/no CPU ever sets its flag/);
    await loadPreset(page, 'AMD, SME supported: before vs after the series');
    await expect(picker).toHaveAccessibleDescription(/only v6\.18 also flushes the kexec CPU/);
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    const compare = page.getByRole('region', { name: /Compare after \(v6\.18\) with before \(v6\.17\)/ });
    await expect(compare).toContainText('1 WBINVD changed');
    const changed = compare.locator('tr.changed');
    await expect(changed).toHaveCount(1);
    await expect(changed).toContainText('relocate_kernel');
    // The why of both sides: the flag (after) and host_mem_enc_active (before, SME not active).
    await expect(changed).toContainText('RELOC_KERNEL_CACHE_INCOHERENT');
    await expect(changed).toContainText('CC_ATTR_HOST_MEM_ENCRYPT');
    // stop_this_cpu flushes in both kernels on an SME-supported host: said in one line, rows on request.
    await expect(compare).toContainText('same in both WBINVD in stop_this_cpu on CPUs 1–3');
    // Read out as "1 to 3": screen readers skip the dash at their usual punctuation level.
    await expect(compare).toContainText('stop_this_cpu on CPUs 1 to 3.');
    await expect(compare.locator('tr:not(.changed)', { hasText: 'stop_this_cpu' })).toHaveCount(0);
    const show = compare.getByRole('button', { name: 'Show these 3 rows' });
    await expect(show).toHaveAttribute('aria-expanded', 'false');
    await show.click();
    await expect(compare.locator('tr:not(.changed)', { hasText: 'stop_this_cpu' })).toHaveCount(3);
    await expect(compare.getByRole('button', { name: 'Hide these 3 rows' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  test('SME and "compare with" are radio groups: every choice readable, chosen by keyboard, SME vs SME off on Intel', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    const sme = page.getByRole('group', { name: 'SME', exact: true });
    await expect(sme.getByRole('radio')).toHaveCount(3);
    await expect(sme.getByRole('radio', { name: 'supported, not active (mem_encrypt=off)' })).toBeChecked();
    // The whole choice is on screen, not cut at the panel's edge as a select's closed text was.
    const label = sme.locator('label', { hasText: 'mem_encrypt=off' });
    const [box, panel] = await Promise.all([label.boundingBox(), page.locator('form.setup').boundingBox()]);
    expect(box && panel && box.x + box.width <= panel.x + panel.width).toBe(true);
    // Arrow keys move within a radio group: from "supported" down to "active".
    await sme.getByRole('radio', { name: /^supported/ }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(sme.getByRole('radio', { name: 'active', exact: true })).toBeChecked();

    const compareWith = page.getByRole('group', { name: 'Compare with', exact: true });
    await compareWith.getByRole('radio', { name: 'SME supported vs active' }).check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const activeVsSupported = page.getByRole('region', { name: 'Compare SME active with SME supported' });
    await expect(activeVsSupported).toBeVisible();
    await expect(activeVsSupported.getByText('is not shown')).toHaveCount(0);
    // Compared, the model view is named by its run's setting.
    await expect(page.getByRole('region', { name: 'SME active: the model', exact: true })).toBeVisible();
    // From a CPU with no SME the comparison is with SME active, and the choice says so.
    await sme.getByRole('radio', { name: 'none (no SME in CPUID)' }).check();
    await expect(compareWith.getByRole('radio', { name: 'SME none vs active' })).toBeChecked();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const noneVsActive = page.getByRole('region', { name: 'Compare SME none with SME active' });
    await expect(noneVsActive).toBeVisible();
    // SME supported, the case the series changed, is in neither run: the comparison says so.
    await expect(
      noneVsActive.getByText(
        'SME supported (in CPUID, not active) is not shown: this compares SME none with SME active.',
        { exact: false },
      ),
    ).toBeVisible();
    // Intel has no SME to compare: that choice is disabled there, and no longer the one chosen.
    await page.getByRole('radio', { name: 'Intel' }).check();
    await expect(sme).toHaveCount(0);
    await expect(compareWith.getByRole('radio', { name: 'SME supported vs active' })).toBeDisabled();
    await expect(compareWith.getByRole('radio', { name: 'nothing' })).toBeChecked();
    // Alone, it is the model's run ("Run: the model" read as a command).
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const alone = page.getByRole('region', { name: "The model's run", exact: true });
    await expect(alone.getByRole('slider', { name: 'Run: step shown', exact: true })).toBeVisible();
  });

  test('Hygon, inferred from code: the series drops every kexec-time WBINVD, and the page says how sure that is', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    await loadPreset(page, 'Hygon, SME active: before vs after (inferred from code)');
    await expect(page.getByRole('radio', { name: 'Hygon' })).toBeChecked();
    await expect(page.getByText('Hygon is modelled from the kernel code only')).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'SEV-SNP host' })).toHaveCount(0);
    // The results say how sure they are before the student reads them; an AMD run does not.
    const notice = page.getByText('These runs follow the kernel code as read for Hygon');
    await expect(notice).toBeVisible();

    const compare = page.getByRole('region', { name: /Compare after \(v6\.18\) with before \(v6\.17\)/ });
    // Before: three stop_this_cpu flushes and relocate_kernel; after: none of them.
    await expect(compare).toContainText('4 WBINVDs changed');
    // The three CPUs that lose their stop_this_cpu flush for the same reason are one row.
    await expect(compare.locator('tr.changed')).toHaveCount(2);
    const remote = compare.locator('tr.changed', { hasText: 'stop_this_cpu' });
    await expect(remote.locator('td').first().locator('[aria-hidden="true"]')).toHaveText('1–3');
    await expect(
      compare.locator('tr.changed', { hasText: 'relocate_kernel' }).locator('td').first(),
    ).toHaveText('0');
    const model = page.getByRole('region', { name: /the model$/ }).first();
    await expect(model).toContainText('Where the reference is unsure');
    await expect(model).toContainText("hygon.c's init functions do not");
    await expect(model).toContainText('Whether real Hygon parts report the SME bit');
    // The same host as AMD: the series keeps every WBINVD (§8), and the notice goes.
    await page.getByRole('radio', { name: 'AMD' }).check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(compare).toContainText('0 WBINVDs changed');
    await expect(notice).toHaveCount(0);
  });

  test('the first screen, computed at build time, is what running the same preset gives', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    expect(await page.locator('script#first-runs[type="application/json"]').count()).toBe(1);
    const status = page.getByRole('status').filter({ hasText: 'Ran ' });
    const compare = page.getByRole('region', { name: /^Compare / });
    await expect(compare).toBeVisible();
    const firstStatus = await status.textContent();
    const firstCompare = await compare.textContent();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText('Loading the simulator…')).toHaveCount(0);
    // The same words, said as a run again (the same text would not be read out).
    await expect(status).toHaveText((firstStatus ?? '').replace(/^Ran /, 'Ran again: '));
    await expect(compare).toHaveText(firstCompare ?? '');
    // A different scenario really runs the model (loaded after the first screen).
    await page.getByRole('spinbutton', { name: 'CPUs' }).fill('8');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(status).not.toHaveText(firstStatus ?? '');
  });

  test('steps a kexec forward and back by keyboard and reads each step in the text view', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    await loadPreset(page, 'AMD, SME active');
    await page.getByRole('button', { name: 'Step through' }).focus();
    await page.keyboard.press('Enter');
    // The run is asynchronous (the simulator loads on first use): step once it is shown, from its start.
    await expect(page.getByText('Step 0 of', { exact: false })).toBeVisible();

    const next = page.getByRole('button', { name: /^Next(, |$)/ });
    await next.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(page.getByText('Step 2 of', { exact: false })).toBeVisible();
    // Choosing a CPU to look at keeps the student's place (it used to start the run over at step 0).
    const cpu1 = page
      .getByRole('list', { name: 'CPUs at this step' })
      .getByRole('button', { name: /^CPU 1\b/ });
    await cpu1.focus();
    await page.keyboard.press('Enter');
    await expect(cpu1).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByText('Step 2 of', { exact: false })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(cpu1).toHaveAttribute('aria-pressed', 'false');
    await page.getByRole('button', { name: 'Text view' }).focus();
    await page.keyboard.press('Enter');
    const twin = page.getByRole('region', { name: 'Text view of the run' });
    await expect(twin).toContainText('Step 2. CPU 0, early_detect_mem_encrypt');
    await expect(twin.getByRole('row', { name: /CPU 0/ })).toContainText('set');
    // CPU 0 is in its bring-up; CPU 1 is not brought up yet; the kexec and stop machines have not moved.
    await expect(twin.getByRole('row', { name: /CPU 0/ })).toContainText('bring-up');
    await expect(twin.getByRole('row', { name: /CPU 1/ })).toContainText('not brought up yet');
    await expect(twin).toContainText('kexec flow: kernel built with kexec; stop protocol: not started');

    // The step slider is the keyboard's scrubber: End, then back one.
    const slider = page.getByRole('slider', { name: /step/ });
    await slider.focus();
    await page.keyboard.press('End');
    await expect(twin).toContainText('new_kernel');
    await expect(twin).toContainText(
      'kexec flow: in the new kernel; stop protocol: done: every other CPU has reported',
    );
    await page.keyboard.press('ArrowLeft');
    const before = await twin.locator('.now').textContent();
    await page.keyboard.press('ArrowRight');
    await expect(twin.locator('.now')).not.toHaveText(before ?? '');
    await expect(twin).toContainText('CPU 0 in relocate_kernel');
    // The live region narrates the same step for screen readers.
    await expect(page.locator('[aria-live="polite"]').first()).toContainText('new_kernel');
  });

  test('a fault shows the corruption; a bad scenario names the field', async ({ page, app }) => {
    await app.open('#/sandbox');
    await loadPreset(page, 'AMD, SME active, relocate_kernel WBINVD skipped (fault)');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText(/lines corrupted/)).toBeVisible();
    await expect(page.getByRole('cell', { name: 'skipped (fault)' })).toBeVisible();

    await page.getByLabel('kexec -e on CPU').fill('9');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('start_cpu');
  });

  test('events, stop behaviours and faults are added by hand from the collapsed section', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    await loadPreset(page, 'Intel TDX host: SEAMCALLs, then the early flush');
    // The preset has SEAMCALLs, so the section opens and says what it holds.
    const more = page.locator('details.more');
    await expect(more).toHaveAttribute('open', '');
    await expect(more.locator('summary')).toContainText('2 events, no stop behaviours, no faults');
    // Loading a preset runs it: its results are there without pressing Run.
    await expect(page.getByRole('status')).toContainText('Ran ');
    await expect(page.getByRole('table', { name: 'Every WBINVD of this run' })).toContainText(
      'tdx_cpu_flush_cache_for_kexec',
    );
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(more.locator('summary')).toContainText('none added');
    await expect(page.getByText(/^Nothing has run yet\./)).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Reset to the default scenario; nothing has run yet.');

    await page.getByLabel('Event', { exact: true }).selectOption({ label: 'CPU offline' });
    await page.getByLabel('Event CPU').selectOption({ label: 'CPU 2' });
    await page.getByRole('button', { name: 'Add event' }).click();
    await page.getByLabel('CPU', { exact: true }).selectOption({ label: 'CPU 3' });
    await page.getByLabel('Behaviour').selectOption('irqs_off');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await page.getByLabel('Site to skip').selectOption('stop_this_cpu');
    await page.getByRole('button', { name: 'Skip a WBINVD' }).click();
    await expect(more.locator('summary')).toContainText('1 event, 1 stop behaviour, 1 fault');
    await expect(page.getByRole('group', { name: 'Before kexec' })).toContainText('offline on CPU 2');
    // The scenario file, written out when asked for, has them too.
    await page.getByText('Scenario file: open one, or see this one').click();
    await expect(page.locator('pre.yaml')).toContainText('offline');
    await expect(page.locator('pre.yaml')).toContainText('irqs_off');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // CPU 3 ignores the REBOOT IPI, so the NMI stops it.
    await expect(page.getByRole('table', { name: 'Every WBINVD of this run' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Ran ' })).toBeAttached();
    await page.getByRole('button', { name: 'Text view' }).first().click();
    const cpu3 = page
      .getByRole('region', { name: 'Text view of the run' })
      .getByRole('row', { name: /^CPU 3 / });
    await expect(cpu3).toContainText('NMI');
    // Closing the section keeps what was added.
    await more.locator('summary').click();
    await expect(more).not.toHaveAttribute('open', '');
    await expect(more.locator('summary')).toContainText('1 event, 1 stop behaviour, 1 fault');
  });

  test('the fault picker offers relocate_kernel on the kexec CPU only; a fault says what it skipped, or why nothing', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    await loadPreset(page, 'AMD, SME active');
    await page.locator('details.more summary').click();
    const faults = page.getByRole('group', { name: 'Fault injection' });
    const site = faults.getByLabel('Site to skip');
    const cpu = faults.getByLabel('On CPU', { exact: true });
    // Only the kexec CPU runs relocate_kernel: the picker offers no other.
    await site.selectOption('relocate_kernel');
    await expect(cpu.locator('option')).toHaveText(['on every CPU it runs on', 'on CPU 0']);
    // Other sites run on any CPU: every CPU is offered.
    await site.selectOption('stop_this_cpu');
    await expect(cpu.locator('option')).toHaveCount(5);
    await cpu.selectOption({ label: 'on CPU 3' });
    // Back on relocate_kernel, CPU 3 is not offered: the picker goes back to every CPU it runs on.
    await site.selectOption('relocate_kernel');
    await expect(cpu.locator('option:checked')).toHaveText('on every CPU it runs on');
    // The reboot= CPU is where kexec moves: relocate_kernel is offered there, and only there.
    await page.getByRole('spinbutton', { name: 'reboot= CPU' }).fill('2');
    await expect(cpu.locator('option')).toHaveText(['on every CPU it runs on', 'on CPU 2']);
    await page.getByRole('spinbutton', { name: 'reboot= CPU' }).fill('0');
    await cpu.selectOption({ label: 'on CPU 0' });
    await faults.getByRole('button', { name: 'Skip a WBINVD' }).click();
    await expect(faults.getByRole('listitem')).toHaveText(/^skip WBINVD in relocate_kernel on CPU 0/);
    // Not run yet: nothing is said of a fault the results were not made with.
    await expect(faults.locator('.item-note')).toHaveCount(0);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // It skipped the flush: what it skipped and what came of it, in plain words, and no warning.
    await expect(faults.locator('.item-note')).toHaveText(
      /^Skipped the relocate_kernel WBINVD on CPU 0 \(step \d+\): its dirty lines stay in CPU 0's cache, and \d+ of the new kernel's 16 lines (was|were) overwritten by stale lines CPU 0 wrote back after the copy\.$/,
    );
    await expect(faults.locator('.notice')).toHaveCount(0);
    await expect(page.getByText(/lines? corrupted/).first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Ran ' })).not.toContainText('skipped no WBINVD');

    // The kexec moved to CPU 1 after the fault was added: the fault names CPU 0, and is said to miss.
    await page.getByRole('spinbutton', { name: 'reboot= CPU' }).fill('1');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(faults.locator('.notice')).toHaveText(
      'This fault matches no WBINVD in this run: relocate_kernel runs only on the kexec CPU (CPU 1).',
    );
    await expect(page.getByRole('status').filter({ hasText: 'Ran ' })).toContainText(
      '1 fault skipped no WBINVD: the fault list says why.',
    );
    await expectNoAxeViolations(page, 'the fault list with its note', 'details.more');

    // In the list's words, site and CPU; the file's field paths ("faults[0]") are never shown here.
    await expect(faults.getByRole('listitem')).toContainText('skip WBINVD in relocate_kernel on CPU 0');
    await expect(faults).not.toContainText(/faults\[\d+\]|platform\.\w+:/);
    // The same fault twice: the second is the one said to do nothing, naming the first by site and CPU.
    await page.getByRole('spinbutton', { name: 'reboot= CPU' }).fill('0');
    await cpu.selectOption({ label: 'on CPU 0' });
    await faults.getByRole('button', { name: 'Skip a WBINVD' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const items = faults.getByRole('listitem');
    await expect(items).toHaveCount(2);
    await expect(items.nth(1).locator('.notice')).toHaveText(
      /^This fault matches no WBINVD in this run: the fault above it, skip WBINVD in relocate_kernel on CPU 0, already skips that WBINVD \(CPU 0's, step \d+\): only the first fault naming a WBINVD applies\.$/,
    );
    await expect(items.nth(0).locator('.notice')).toHaveCount(0);
    // kexec vs kdump: two kexec CPUs (the reboot= CPU, the CPU that panicked), both offered.
    await page.getByLabel('kexec -e on CPU').fill('3');
    await page
      .getByRole('group', { name: 'Compare with', exact: true })
      .getByRole('radio', { name: 'kexec vs kdump' })
      .check();
    await expect(cpu.locator('option')).toHaveText(['on every CPU it runs on', 'on CPU 0', 'on CPU 3']);
  });

  test('a loaded preset is named above the form, with what it shows, until the scenario is changed', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    const line = page.locator('#preset-shows');
    const picker = page.getByLabel('Preset');
    // The first screen is the first preset's: named, with what it shows.
    await expect(line).toHaveText(
      /^Loaded preset: AMD, SME supported: before vs after the series\. SME supported but off/,
    );
    await expect(line.locator('strong')).toHaveText('AMD, SME supported: before vs after the series');
    // Picked in the list, not loaded: the line says so, and does not name it as loaded.
    await picker.selectOption({ label: 'AMD, SME active' });
    await expect(line).toHaveText(/^Not loaded yet: press Load to run it\. SME active: each remote CPU/);
    await page.getByRole('button', { name: 'Load preset' }).click();
    await expect(line).toHaveText(/^Loaded preset: AMD, SME active\. SME active: each remote CPU/);
    await expect(picker).toHaveAccessibleDescription(/^Loaded preset: AMD, SME active\./);
    await expectNoAxeViolations(page, 'the form with its preset line', 'form.setup');
    // A change of the student's makes the scenario theirs: the preset is named as where it came from only.
    await page.getByRole('spinbutton', { name: 'CPUs' }).fill('8');
    await expect(line).toHaveText(
      /^Changed since you loaded the preset AMD, SME active: the scenario below is\s+yours\./,
    );
    await expect(line).not.toContainText('SME active: each remote CPU');
    // Changed back, it is the preset's scenario again.
    await page.getByRole('spinbutton', { name: 'CPUs' }).fill('4');
    await expect(line).toHaveText(/^Loaded preset: AMD, SME active\./);
    await page.getByRole('radio', { name: 'kdump (panic)' }).check();
    await expect(line).toHaveText(/^Changed since you loaded the preset /);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(line).toHaveText(/^Changed since you loaded the preset /);
    await page.getByRole('button', { name: 'Load preset' }).click();
    await expect(line).toHaveText(/^Loaded preset: AMD, SME active\./);
  });

  test('the preset picker is named by its visible label, and its Load button sits beside it at 1280x720', async ({
    page,
    app,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.open('#/sandbox');
    const picker = page.getByRole('combobox', { name: 'Start from a preset', exact: true });
    await expect(picker).toBeVisible();
    const load = page.getByRole('button', { name: 'Load preset', exact: true });
    const [p, b] = [await picker.boundingBox(), await load.boundingBox()];
    if (!p || !b) throw new Error('the picker and its button are laid out');
    // One line: the button to the right of the picker, their middles level.
    expect(b.x).toBeGreaterThanOrEqual(p.x + p.width);
    expect(Math.abs(b.y + b.height / 2 - (p.y + p.height / 2))).toBeLessThan(4);
  });

  test('the why-chain of a TDX flush leads back to the SEAMCALL', async ({ page, app }) => {
    await app.open('#/sandbox');
    // Loading the preset runs it; a second run while the row is clicked would start the view over.
    await loadPreset(page, 'Intel TDX host: SEAMCALLs, then the early flush');
    const row = page.getByRole('row', { name: /tdx_cpu_flush_cache_for_kexec/ }).nth(1);
    await row.getByRole('button').click();
    const why = page.getByText(/Why did this happen\?/);
    await expect(why).toBeVisible();
    await expect(page.locator('.chain')).toContainText('SEAMCALL', { ignoreCase: true });
  });

  test('who flushes where, and why not: the CPUs KVM flushed early skip stop_this_cpu, said with the step', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    await loadPreset(page, 'Intel TDX host: SEAMCALLs, then the early flush');
    const panel = page.locator('details', { hasText: 'Who flushes where, and why (or why not)' });
    await panel.getByText('Who flushes where, and why (or why not)').click();
    const skip = panel.getByRole('row', { name: /stop_this_cpu CPUs 1–3 no/ });
    await expect(skip).toContainText('this_cpu_read(cache_state_incoherent) is false: no WBINVD');
    await expect(
      panel.getByRole('row', { name: /tdx_cpu_flush_cache_for_kexec CPUs 0–3 yes/ }),
    ).toBeVisible();
    await expect(panel.getByRole('row', { name: /relocate_kernel CPUs 1–3 no/ })).toContainText(
      'Only CPU 0, the CPU that runs machine_kexec(), runs relocate_kernel.',
    );
    // The cited step is one click away: the view moves to CPU 1's decision in stop_this_cpu.
    await expect(skip).toContainText(/step \d+ and 2 more/);
    const go = skip.getByRole('button', { name: /^Go to step \d+$/ });
    const n = Number((await go.getAttribute('aria-label'))?.match(/\d+/)?.[0]);
    await go.click();
    await expect(page.getByText(`Step ${n} of`)).toBeVisible();
  });

  test('the statechart fits the panel width and keeps the lit state in view as the run moves', async ({
    page,
    app,
  }) => {
    await app.open('#/sandbox');
    // The first remote CPU's WBINVD: CPU 1 is stopping.
    await page.getByRole('button', { name: 'Go to step', exact: false }).first().click();
    await page.getByText('State machine of CPU').click();
    const current = page.getByText(/^Current state:/);
    await expect(current).toContainText('stopping');
    // The layout engine (1.5 MB) loads and lays the chart out on this first opening: on a loaded machine
    // that has taken longer than the default wait.
    const region = page.getByRole('region', { name: 'Statechart (scrollable)' });
    await expect(region).toBeVisible(FIRST_CHART);
    await expect(region.locator('g.node.active:not(.compound) rect')).toHaveCount(1);
    /** Whether the lit state is in the visible part of the chart, and whether the chart is wider. */
    const view = () =>
      region.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const r = el.querySelector('g.node.active:not(.compound) rect')?.getBoundingClientRect();
        return {
          wider: el.scrollWidth > el.clientWidth,
          inView:
            !!r && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom,
        };
      });
    const steps: [string, string | null][] = [
      ['stopping', null],
      ['new kernel', 'Last'],
      ['offline', 'First'],
    ];
    for (const [state, button] of steps) {
      if (button) await page.getByRole('button', { name: new RegExp(`^${button}(, |$)`) }).click();
      await expect(current).toContainText(state);
      expect(await view(), state).toEqual({ wider: false, inView: true });
    }
  });

  test('the kexec flow and the stop protocol are drawn too, in step with the run', async ({ page, app }) => {
    await app.open('#/sandbox');
    await page.getByText('The kexec flow:').click();
    await page.getByText('The stop protocol:').click();
    const kexec = page.getByRole('img', { name: /^kexec flow state machine/ });
    const stop = page.getByRole('img', { name: /^stop protocol state machine/ });
    // The layout engine (1.5 MB) loads on the first opening: under load that took more than 10 s.
    await expect(kexec).toBeVisible(FIRST_CHART);
    await expect(stop).toBeVisible(FIRST_CHART);
    // The first screen shows the end of the run: the new kernel has been entered.
    // Named by the state's words, as the line above the chart says it, not its code name.
    await expect(kexec).toHaveAccessibleName(
      'kexec flow state machine; the current state is in the new kernel; 2 greyed out, as they cannot occur on this platform',
    );
    await expect(stop).toHaveAccessibleName(
      'stop protocol state machine; the current state is done: every other CPU has reported; the kexec CPU goes on',
    );
    // Before the first step both are where they start.
    await page.getByRole('button', { name: /^First(, |$)/ }).click();
    await expect(kexec).toHaveAccessibleName(
      'kexec flow state machine; the current state is before the kernel is built; 2 greyed out, as they cannot occur on this platform',
    );
    await expect(stop).toHaveAccessibleName('stop protocol state machine; the current state is not started');
    // At the first remote CPU's WBINVD the kexec CPU is stopping the others and waits for the REBOOT IPI.
    await page.getByRole('button', { name: 'Go to step', exact: false }).first().click();
    await expect(kexec).toHaveAccessibleName(
      /current state is kernel_kexec\(\): machine_shutdown\(\), stopping the other CPUs; 2 greyed out, as they cannot occur on this platform$/,
    );
    await expect(stop).toHaveAccessibleName(
      /current state is waiting up to about 1 s for cpus_stop_mask to empty$/,
    );
    for (const chart of [kexec, stop])
      await expect(chart.locator('g.node.active:not(.compound)')).toHaveCount(1);
  });
});

test('TDX before vs after: the kernel that cannot be built has no new kernel, not an intact one', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByLabel('Preset').selectOption({ label: 'Intel TDX host: before vs after the series' });
  await page.getByRole('button', { name: 'Load preset' }).click();
  const compare = page.getByRole('region', { name: /^Compare / });
  await expect(compare).toContainText('4 WBINVDs changed, and the outcome differs:');
  await expect(compare.locator('ul.outcomes > li')).toHaveText([
    'after (v6.18): jumped to the new kernel (intact)',
    'before (v6.17): kernel cannot be built like this',
  ]);
  await expect(compare).not.toContainText('intact in both');
  // Explored, the kernel that cannot be built shows no CPUs running it.
  await page.getByRole('button', { name: 'before (v6.17)' }).click();
  await expect(
    page.getByText('No CPU runs this kernel. Before v6.18, INTEL_TDX_HOST depends on'),
  ).toBeVisible();
  await expect(page.locator('section.model .grid')).toHaveCount(0);
});

test('a lab step opens its scenario in the sandbox for editing', async ({ page, app }) => {
  await app.open('#/lab/04-tdx-percpu-flag/4');
  await page.getByRole('button', { name: 'Open this scenario in the sandbox' }).click();
  await expect(page.getByRole('heading', { name: 'Sandbox', level: 1 })).toBeVisible();
  const before = page.getByRole('group', { name: 'Before kexec' });
  await expect(before).toContainText('offline on CPU 3');
  await expect(before).toContainText('kvm_unload (all CPUs)');
  await expect(before).toContainText('seamcall on CPU 2');
  await expect(page.getByRole('radio', { name: /^TDX host \(KVM with TDX/ })).toBeChecked();
  // It has run: CPU 2's late SEAMCALL makes it flush in stop_this_cpu().
  await expect(page.getByRole('table', { name: 'Every WBINVD of this run' })).toContainText('stop_this_cpu');
  // No preset is named for it (the picker said "AMD, SME supported…" over an Intel TDX run).
  await expect(page.getByLabel('Preset')).toHaveValue('');
  await expect(page.locator('#preset-shows')).toHaveText(/^Opened from a lab:/);
});

test('predict the difference first, by keyboard: the comparison checks the prediction', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  const compare = page.getByRole('region', { name: /^Compare / });
  await expect(compare).toContainText('1 WBINVD changed');
  await page.getByRole('checkbox', { name: 'Ask me to predict the differences first' }).focus();
  await page.keyboard.press('Space');
  // The answer is hidden: no comparison table, and the second run cannot be explored.
  await expect(compare).toContainText('Predict first.');
  await expect(compare.getByRole('table', { name: /WBINVDs per CPU and site/ })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Which run to explore' })).toBeHidden();
  const reveal = compare.getByRole('button', { name: 'Reveal the comparison' });
  // Found by Tab, and pressed too soon it says why it does nothing.
  await expect(reveal).toHaveAttribute('aria-disabled', 'true');
  await reveal.focus();
  await page.keyboard.press('Enter');
  await expect(compare.getByRole('status')).toHaveText('Pick an outcome first: will the outcome differ?');

  // A wrong prediction: CPU 1's stop_this_cpu changes, and the outcome too.
  await compare.getByRole('checkbox', { name: 'CPU 1: stop_this_cpu changes' }).focus();
  await page.keyboard.press('Space');
  await compare.getByRole('radio', { name: 'different' }).focus();
  await page.keyboard.press('Space');
  await reveal.focus();
  await page.keyboard.press('Enter');
  const verdict = compare.getByRole('status');
  await expect(verdict).toHaveText(
    /You found 0 of the 1 changed WBINVD, 1 false alarm \(marked as changing, the same in both runs\); outcome predicted wrong\./,
  );
  const rk = compare.locator('tr', { hasText: 'relocate_kernel' });
  await expect(rk).toContainText('same (wrong)');
  // The row the student marked stays in the table though it is the same in both, so the miss shows there.
  await expect(compare.locator('tr', { hasText: 'stop_this_cpu' })).toHaveCount(1);
  await expect(compare.locator('tr', { hasText: 'stop_this_cpu' })).toContainText('changes (wrong)');
  await expect(
    compare.getByRole('table', { name: /the changed ones, then the ones you marked/ }),
  ).toBeVisible();
  await expect(page.getByRole('group', { name: 'Which run to explore' })).toBeVisible();

  async function predictAgain(cells: string[], outcome: 'the same' | 'different') {
    await compare.getByRole('button', { name: 'Predict again' }).click();
    for (const cell of cells) await compare.getByRole('checkbox', { name: `${cell} changes` }).check();
    await compare.getByRole('radio', { name: outcome }).check();
    await compare.getByRole('button', { name: 'Reveal the comparison' }).click();
  }

  // Again: the change found, plus a false alarm where no run flushes.
  await predictAgain(['CPU 0: relocate_kernel', 'CPU 1: relocate_kernel'], 'the same');
  await expect(verdict).toHaveText(
    'You found 1 of the 1 changed WBINVD, 1 false alarm (marked as changing, the same in both runs); outcome predicted right.',
  );
  // CPU 1 runs no relocate_kernel in either kernel: no row of the table, so the verdict names it.
  await expect(compare).toContainText(
    'Not in the table, as neither run flushes there: CPU 1 at relocate_kernel.',
  );
  await expect(rk).toContainText('changes (right)');

  // And all right.
  await predictAgain(['CPU 0: relocate_kernel'], 'the same');
  await expect(verdict).toHaveText(
    'You found 1 of the 1 changed WBINVD, no false alarms; outcome predicted right. All right.',
  );
});

test('on a 64-CPU host the prediction is per site, and a site marked as changing is checked in one row', async ({
  page,
  app,
}) => {
  await runOn64Cpus(page, app.open);
  await page.getByRole('checkbox', { name: 'Ask me to predict the differences first' }).check();
  const compare = page.getByRole('region', { name: /^Compare / });
  await compare.getByRole('checkbox', { name: 'some CPU: stop_this_cpu changes' }).check();
  await compare.getByRole('radio', { name: 'the same' }).check();
  await compare.getByRole('button', { name: 'Reveal the comparison' }).click();
  await expect(compare.getByRole('status')).toHaveText(
    /You found 0 of the 1 changed WBINVD, 1 false alarm \(marked as changing, the same in both runs\); outcome predicted right\./,
  );
  const table = compare.getByRole('table', { name: /the changed ones, then the ones you marked/ });
  const marked = table.locator('tbody tr', { hasText: 'stop_this_cpu' });
  await expect(marked).toHaveCount(1);
  await expect(marked.locator('td').first().locator('[aria-hidden="true"]')).toHaveText('1–63');
  await expect(marked.locator('td').first().locator('.visually-hidden')).toHaveText('1 to 63');
  await expect(marked).toContainText('changes (wrong)');
  // Shown on request, the same rows are one per CPU again.
  await compare.getByRole('button', { name: 'Show these 63 rows' }).click();
  const all = compare.getByRole('table', { name: /WBINVDs per CPU and site \(changed rows first\)/ });
  await expect(all.locator('tbody tr', { hasText: 'stop_this_cpu' })).toHaveCount(63);
});

test('on a 64-CPU host, kexec vs kdump: the CPUs whose rows say the same are one row, and one line', async ({
  page,
  app,
}) => {
  await runOn64Cpus(page, app.open, 'kexec vs kdump');
  const compare = page.getByRole('region', { name: 'Compare kexec with kdump' });
  await expect(compare).toContainText('63 WBINVDs changed');
  const rows = compare.getByRole('table', { name: /the changed ones/ }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.locator('td').first().locator('[aria-hidden="true"]')).toHaveText('1–63');
  await expect(rows).toContainText(
    "Stopped by kdump's NMI shootdown (crash_nmi_callback()), which does not read the flag",
  );
  await expect(compare).toContainText('Stopped differently CPUs 1–63: REBOOT IPI vs NMI shootdown');
  await expect(compare).toContainText('CPUs 1 to 63: REBOOT IPI vs NMI shootdown');
});

test('on a 64-CPU host the list of every WBINVD shows the first 16 and each other kind, and all on request', async ({
  page,
  app,
}) => {
  await runOn64Cpus(page, app.open);
  const table = page.getByRole('table', { name: 'Every WBINVD of this run' });
  // 63 stop_this_cpu WBINVDs, then the kexec CPU's relocate_kernel one: that one stays in view.
  await expect(table.getByRole('button', { name: /^Go to step/ })).toHaveCount(17);
  await expect(table.getByRole('row').filter({ hasText: 'relocate_kernel' })).toHaveCount(1);
  await table.getByRole('button', { name: 'Show all 64 WBINVDs (17 shown)' }).click();
  await expect(table.getByRole('button', { name: /^Go to step/ })).toHaveCount(64);
  await expect(table.getByRole('button', { name: 'Show fewer (17)' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
});

test('the page runs under the strict CSP, sent as a header: an injected inline script does not run, nothing remote loads', async ({
  page,
  app,
  consoleErrors,
}) => {
  await app.open('#/sandbox');
  const blocked = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
          once: true,
        });
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.append(s);
        // An inline script that is allowed runs as it is appended.
        if ('__injected' in window) resolve('none: the script ran');
      }),
  );
  expect(blocked).toBe('script-src-elem');
  // Nor does anything remote load: connect-src refuses a fetch before it leaves the page.
  const refused = await fetchRefusedBy(page, 'https://example.com/');
  expect(refused).toBe('connect-src');
  // Those violations are the console errors this test expects; the fixture checks there is no other.
  expect(consoleErrors.filter((e) => !e.includes('Content Security Policy'))).toEqual([]);
  consoleErrors.length = 0;
});

test('a 1024-CPU host: the timeline groups neighbouring CPUs four to a lane and stays a screen high', async ({
  page,
  app,
}) => {
  await sandboxWithCpus(page, app.open, 1024);
  const timeline = page.getByRole('img', { name: /^Timeline of \d+ steps on 1024 CPUs, 4 CPUs to a lane;/ });
  await expect(timeline).toBeVisible();
  // 256 CPU lanes and the platform's, 3 px each: one lane per CPU would be 3,079 px high.
  const height = await timeline.evaluate((svg) => svg.getBoundingClientRect().height);
  expect(height).toBeLessThanOrEqual(257 * 3 + 4);
  const labels = page.locator('.timeline .labels');
  await expect(labels).toContainText('CPUs 0–3');
  await expect(labels).toContainText('CPUs 960–963');
  await expect(page.getByText('each lane holds 4 neighbouring CPUs')).toBeVisible();
  // The CPU grid still has a cell for every CPU.
  await expect(page.getByRole('group', { name: /^1024 CPUs/ }).getByRole('button')).toHaveCount(1024);
});

test("a student opens an instructor's scenario file: it runs; a broken one is refused by line and field", async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByText('Scenario file: open one, or see this one').click();
  const chooser = page.getByLabel('Open a scenario file (YAML or JSON)');
  const broken =
    'kernel: after\nplatform:\n  vendor: intel\n  cpus: 4\n  tdx: true\nevents:\n  - seamcall: 9\n';
  await chooser.setInputFiles({ name: 'week3.yaml', mimeType: 'text/yaml', buffer: Buffer.from(broken) });
  const alert = page.getByRole('alert').filter({ hasText: 'Not opened' });
  await expect(alert).toContainText('week3.yaml:7: events[0].seamcall:');
  // Nothing of the student's scenario changed.
  await expect(page.getByRole('radio', { name: 'AMD' })).toBeChecked();
  await expect(page.getByRole('spinbutton', { name: 'CPUs' })).toHaveValue('4');

  const good =
    broken.replace('seamcall: 9', 'seamcall: 2') + 'reboot_cpu: 1\nmutant: wbinvd_after_swap_pages\n';
  await chooser.setInputFiles({ name: 'week3.yaml', mimeType: 'text/yaml', buffer: Buffer.from(good) });
  await expect(alert).toHaveCount(0);
  await expect(
    page.getByRole('form').getByText('Opened week3.yaml. It also sets mutant (a model with one broken rule'),
  ).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Intel' })).toBeChecked();
  await expect(page.getByRole('radio', { name: /^TDX host \(KVM with TDX/ })).toBeChecked();
  await expect(page.getByRole('spinbutton', { name: 'reboot= CPU' })).toHaveValue('1');
  await expect(page.getByText('seamcall on CPU 2')).toBeVisible();
  // It ran, and the file the sandbox writes out is the one opened (but the mutant).
  await expect(
    page.getByRole('status').filter({ hasText: /^Opened week3\.yaml\..* Ran \d+ steps/ }),
  ).toHaveCount(1);
  await expect(page.getByLabel('This scenario as a file')).toContainText('tdx: true');
  await expect(page.getByLabel('This scenario as a file')).toContainText('seamcall: 2');
  await expect(page.getByLabel('This scenario as a file')).toContainText('reboot_cpu: 1');
});

test('the reboot= CPU, not the CPU that ran kexec -e, runs relocate_kernel; kdump has no such move', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('spinbutton', { name: 'kexec -e on CPU' }).fill('1');
  await page.getByRole('spinbutton', { name: 'reboot= CPU' }).fill('3');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const grid = page.getByRole('list', { name: 'CPUs at this step' }).first();
  await expect(grid.getByRole('listitem').nth(3)).toContainText('kexec CPU');
  await expect(grid.getByRole('listitem').nth(1)).not.toContainText('kexec CPU');
  await expect(page.getByRole('status').filter({ hasText: /^Ran / })).toHaveCount(1);
  // On the crash path the panicking CPU is K: the field goes away rather than mean nothing.
  await page.getByRole('radio', { name: 'kdump (panic)' }).check();
  await expect(page.getByRole('spinbutton', { name: 'reboot= CPU' })).toHaveCount(0);
});

test('the timeline of a 64-CPU kexec opens with the whole run in view, or scrolls sideways at 9 px a step', async ({
  page,
  app,
}) => {
  await runOn64Cpus(page, app.open);
  const chart = page.getByRole('img', { name: /^Timeline of \d+ steps on 64 CPUs/ });
  // Named "(scrollable)", and a tab stop, only while it is wider than its box.
  const box = page.getByRole('region', { name: /^Timeline( \(scrollable\))?$/ });
  await expect(chart).toBeVisible();
  const room = await box.evaluate((el) => el.clientWidth);
  const chartWidth = () => chart.evaluate((svg) => svg.getBoundingClientRect().width);
  // Too long for the box at 9 px a step: it opens fitted.
  const fitButton = page.getByRole('button', { name: 'Fit the whole run' });
  await expect(fitButton).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/^all \d+ steps in view; press again for 9 px a step$/)).toBeVisible();
  await expect.poll(chartWidth).toBeLessThanOrEqual(room);
  // Nothing to scroll: no tab stop (one passed Home and End on to the page, away from itself).
  await expect(box).toHaveAccessibleName('Timeline');
  await expect(box).not.toHaveAttribute('tabindex');
  // One step per 9 px, by keyboard.
  await fitButton.press('Enter');
  await expect(fitButton).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByText(/^9 px a step: scroll sideways, or fit it$/)).toBeVisible();
  await expect.poll(chartWidth).toBeGreaterThan(room);
  await expect(box).toHaveAccessibleName('Timeline (scrollable)');
  await expect(box).toHaveAttribute('tabindex', '0');
  const wide = await chartWidth();
  // Stepping keeps the cursor in view, also after the student scrolled the timeline away from it.
  const cursorInView = () =>
    box.evaluate((el) => {
      const x = (el.querySelector('line.cursor') as SVGLineElement).getBoundingClientRect().left;
      const left = el.getBoundingClientRect().left;
      return x >= left && x <= left + el.clientWidth;
    });
  await page.getByRole('button', { name: /^First(, |$)/ }).click();
  await expect.poll(cursorInView).toBe(true);
  await page.getByRole('button', { name: /^Last(, |$)/ }).click();
  await expect.poll(cursorInView).toBe(true);
  await box.evaluate((el) => (el.scrollLeft = 0));
  await expect.poll(cursorInView).toBe(false);
  await page.getByRole('button', { name: /^Back(, |$)/ }).click();
  await expect.poll(cursorInView).toBe(true);
  // Fitted again, and back to 9 px.
  await fitButton.press('Enter');
  await expect(fitButton).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(chartWidth).toBeLessThanOrEqual(room);
  await fitButton.press('Enter');
  await expect.poll(chartWidth).toBe(wide);
});

test('a scenario built in the sandbox is saved through main and flushpoint simulate runs the file', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('radio', { name: 'Intel' }).check();
  await page.getByRole('radio', { name: /^TDX host \(KVM with TDX/ }).check();
  await page.getByText('Scenario file: open one, or see this one').click();
  await page.getByRole('button', { name: 'Save this scenario…' }).click();
  // Electron asks with a save dialog; the harness answers with the user-data folder's exports/.
  const file = join(app.userDataDir, 'exports', 'intel-4cpus-tdx-after-kexec.yaml');
  await expect(page.getByRole('status').filter({ hasText: 'Saved to' })).toHaveText(
    `Saved to ${file}. Run it with flushpoint simulate, or open it here.`,
  );
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/^# Saved from the Flushpoint sandbox\./);
  expect(text).toContain('tdx: true');
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'flushpoint.mjs'), 'simulate', file, '--json'], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  expect((JSON.parse(run.stdout) as { outcome: string }).outcome).toBe('jumped');
  // A form that is not a scenario is refused by main, and said so.
  await page.getByRole('spinbutton', { name: 'CPUs' }).fill('0');
  await page.getByRole('button', { name: 'Save this scenario…' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'could not be saved' })).toContainText(
    'not a scenario the simulator accepts (platform.cpus:',
  );
});

test('the sandbox is as the student left it after a look at another screen: scenario, run and step', async ({
  page,
  app,
}) => {
  await sandboxWithCpus(page, app.open, 8, 'Step through');
  await expect(page.getByText(/^Step 0 of \d+$/).first()).toBeVisible();
  for (let i = 0; i < 3; i++)
    await page
      .getByRole('button', { name: /^Next(, |$)/ })
      .first()
      .click();
  const step = page.getByText(/^Step 3 of \d+$/).first();
  await expect(step).toBeVisible();
  const where = await step.textContent();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sandbox' }).click();
  await expect(page.getByRole('spinbutton', { name: 'CPUs' })).toHaveValue('8');
  await expect(page.getByText(where ?? '').first()).toBeVisible();
  // The student's own next run starts where runs always do: at the end.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText(/^Step (\d+) of \1$/).first()).toBeVisible();

  // Left with nothing run (Reset): it comes back with nothing run, not a run of its own.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Labs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Labs' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sandbox' }).click();
  await expect(page.getByText('Nothing has run yet.')).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: 'CPUs' })).toHaveValue('4');
});

test('by keyboard: a kernel with TDX built in but never initialised, before vs after the series', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByRole('radio', { name: 'Intel' }).check();
  // The three TDX choices are one radio group: the arrow keys move through it.
  const none = page.getByRole('radio', { name: 'none (no TDX host support)' });
  await expect(none).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'partial-write erratum' })).toBeDisabled();
  await none.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'built in, never initialised' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'partial-write erratum' })).toBeEnabled();
  await page.getByRole('radio', { name: 'before vs after the series' }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).press('Enter');
  const compare = page.getByRole('region', { name: /^Compare / });
  await expect(compare).toContainText('before (v6.17): kernel cannot be built like this');
  await expect(page.getByRole('table', { name: 'Every WBINVD of this run' })).toContainText(
    'No WBINVD in this run.',
  );
  await page.getByText('Scenario file: open one, or see this one').click();
  await expect(page.locator('pre.yaml')).toContainText('tdx_host_kernel: true');
  await expect(page.locator('pre.yaml')).not.toContainText('tdx: true');
});

test('by keyboard: arrows stay in their radio group, the skip link keeps the screen, focus survives the last step', async ({
  page,
  app,
}) => {
  await app.open('#/lab/02-sme-two-wbinvds/1');
  await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();
  // The skip link moves focus to the content; the address (the route) stays the lab's.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  expect(new URL(page.url()).hash).toBe('#/lab/02-sme-two-wbinvds/1');
  await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();

  await app.open('#/sandbox');
  const active = page.getByRole('radio', { name: 'active', exact: true });
  await active.check();
  await active.focus();
  // Arrow Down on the last SME choice wraps within SME; it once ticked the kernel radio below it.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /^none \(no SME/ })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'after the series (v6.18)' })).toBeChecked();

  // Last disables itself: focus moves to Back, not to the page.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'First' }).click();
  const last = page.getByRole('button', { name: 'Last' });
  await last.focus();
  await page.keyboard.press('Enter');
  await expect(last).toBeDisabled();
  await expect(page.getByRole('button', { name: /^Back(, |$)/ })).toBeFocused();

  // A new screen from the navigation: its heading takes focus, so a screen reader says where it is.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Glossary', level: 1 })).toBeFocused();
});

test('a skipped TDX flush corrupts the new kernel, and the outcome says that effect is inferred [INF]', async ({
  page,
  app,
}) => {
  await app.open('#/sandbox');
  await page.getByText('Scenario file: open one, or see this one').click();
  const tdx =
    'kernel: after\nplatform: { vendor: intel, cpus: 3, tdx: true }\nfaults: [{ skip_wbinvd: { site: tdx_cpu_flush_cache_for_kexec, cpu: 1 } }]\n';
  await page
    .getByLabel('Open a scenario file (YAML or JSON)')
    .setInputFiles({ name: 'tdx.yaml', mimeType: 'text/yaml', buffer: Buffer.from(tdx) });
  const note = page.locator('.outcome p', { hasText: 'On TDX the reference gives the rule, not its effect' });
  await expect(note).toBeVisible();
  await expect(note.locator('.badge', { hasText: 'INF' })).toBeVisible();
  await expect(page.locator('.outcome').getByText(/\d+ of 16 lines corrupted/)).toBeVisible();
});
