/**
 * The model view with a keyboard and a screen reader: focus stays in the model when a step takes away
 * what had it, the live region says where the student stops (not every step scrubbed past), and the
 * controls, bookmarks and text view read as they should.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, expectNoAxeViolations, test, watchLiveRegions } from './harness.ts';

const liveRegion = (model: Locator) => model.locator('[aria-live="polite"]');
/** The step counter beside the slider. */
const atStep = (model: Locator, n: number) => model.getByText(`Step ${n} of 55`, { exact: true });
const nextButton = (model: Locator) => model.getByRole('button', { name: /^Next(, |$)/ });

/** The sandbox's first run (the first preset, shown at its end), and its model view. */
async function openModel(page: Page, open: (hash?: string) => Promise<void>): Promise<Locator> {
  await open('#/sandbox');
  const model = page.getByRole('region', { name: /the model$/ }).first();
  await expect(atStep(model, 55)).toBeVisible();
  return model;
}

test('a why-chain step whose list goes with the step it leads to leaves focus on Next', async ({
  page,
  app,
}) => {
  const model = await openModel(page, app.open);
  await page.getByRole('button', { name: 'Go to step 24' }).press('Enter');
  await expect(atStep(model, 24)).toBeVisible();
  // Step 4 has no why-chain of its own: the list holding the button pressed goes with it.
  await model.getByRole('button', { name: 'step 4', exact: true }).press('Enter');
  await expect(liveRegion(model)).toHaveText(/^Step 4\. CPU 1, /);
  await expect(page.locator(':focus')).toHaveCount(1);
  await expect(nextButton(model)).toBeFocused();
});

test('a step change by n that takes away the focused disclosure leaves focus on Next (Back at the end)', async ({
  page,
  app,
}) => {
  const model = await openModel(page, app.open);
  // n on the "Why did this happen?" summary at step 24: step 25 has no chain.
  await page.getByRole('button', { name: 'Go to step 24' }).press('Enter');
  await model.getByText(/^Why did this happen\?/).focus();
  await page.keyboard.press('n');
  await expect(atStep(model, 25)).toBeVisible();
  await expect(nextButton(model)).toBeFocused();

  // n on a glossary note, in the text view too: step 11's function has no glossary entry.
  await model.getByRole('button', { name: 'First' }).click();
  await model.getByRole('button', { name: 'Text view' }).click();
  await nextButton(model).press('Enter');
  await model.getByText('What is early_detect_mem_encrypt?').focus();
  for (let i = 1; i < 11; i++) await page.keyboard.press('n');
  await expect(atStep(model, 11)).toBeVisible();
  await expect(nextButton(model)).toBeFocused();
  // Where Next disables itself (n pressed on it at the last step but one), Back takes focus.
  await model.getByRole('slider').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await nextButton(model).focus();
  await page.keyboard.press('n');
  await expect(atStep(model, 55)).toBeVisible();
  await expect(model.getByRole('button', { name: /^Back(, |$)/ })).toBeFocused();
});

test('scrubbing with the slider or holding n down says only the step the student stops at', async ({
  page,
  app,
}) => {
  const model = await openModel(page, app.open);
  await model.getByRole('button', { name: 'First' }).click();
  const live = liveRegion(model);
  await expect(live).toHaveText(/^Before the first step/);
  const atStart = await live.textContent();
  // A held arrow key repeats: ten steps pass, none of them said while the key is down.
  const slider = model.getByRole('slider');
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.down('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', 'Step 10 of 55');
  expect(await live.textContent()).toBe(atStart);
  await page.keyboard.up('ArrowRight');
  await expect(live).toHaveText(/^Step 10\. /);
  // The same with n held down on Next.
  await nextButton(model).focus();
  for (let i = 0; i < 5; i++) await page.keyboard.down('n');
  await expect(atStep(model, 15)).toBeVisible();
  expect(await live.textContent()).toMatch(/^Step 10\. /);
  await page.keyboard.up('n');
  await expect(live).toHaveText(/^Step 15\. /);
  // Many steps at once with nothing held (a screen reader's own increments): the last one is said.
  await slider.evaluate((el: HTMLInputElement) => {
    for (const v of ['16', '17', '18']) {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  await expect(live).toHaveText(/^Step 18\. /);
});

test('Step through says what the student did, not how the run ends, and focus goes to Next', async ({
  page,
  app,
}) => {
  const model = await openModel(page, app.open);
  const status = page.locator('.results > p[role="status"]');
  await expect(status).toHaveText(/^Ran 55 steps: .*jumped/);
  const log = await watchLiveRegions(page);
  await page.getByRole('button', { name: 'Step through' }).click();
  await expect(atStep(model, 0)).toBeVisible();
  await expect(nextButton(model)).toBeFocused();
  // Not "Ran again: 55 steps: 4 WBINVDs, jumped": nothing ran again, and stepping is to find that out.
  await expect(status).toHaveText('Stepping through: 55 steps. Press Next to begin.');
  // The model's own hint is on screen, not read out over the status.
  await expect(model.getByText(/^Before the first step: 55 steps to go\./)).toBeVisible();
  await expect(liveRegion(model)).toHaveText('');
  expect(await log()).toEqual({ said: ['Stepping through: 55 steps. Press Next to begin.'], inserted: [] });
  // Pressed again: heard again.
  await page.getByRole('button', { name: 'Step through' }).click();
  await expect(status).toHaveText('Stepping through again: 55 steps. Press Next to begin.');
  expect((await log()).said.filter((t) => /jumped|WBINVD|Before the first step/.test(t))).toEqual([]);
  // Stepping back to the start is the student's doing: said.
  await nextButton(model).click();
  await expect(liveRegion(model)).toHaveText(/^Step 1\. /);
  await model.getByRole('button', { name: /^First(, |$)/ }).click();
  await expect(liveRegion(model)).toHaveText(
    'Before the first step. Press Next to begin; once you are in the model, press n (or period) to step forward and p (or comma) to step back.',
  );
});

test('Next and Back name their shortcuts as descriptions, not their names again', async ({ page, app }) => {
  const model = await openModel(page, app.open);
  const next = nextButton(model);
  await expect(next).toHaveAccessibleDescription('Shortcut: n');
  await expect(next).not.toHaveAttribute('aria-keyshortcuts', /./);
  await expect(model.getByRole('button', { name: /^Back(, |$)/ })).toHaveAccessibleDescription('Shortcut: p');
});

test('bookmarks are said when added or removed, and their buttons are named and grouped', async ({
  page,
  app,
}) => {
  const model = await openModel(page, app.open);
  await page.getByRole('button', { name: 'Go to step 24' }).click();
  const live = liveRegion(model);
  await model.getByRole('button', { name: /^Bookmark(, |$)/ }).click();
  await expect(live).toHaveText('Bookmarked step 24.');
  const group = model.getByRole('group', { name: 'after (v6.18): bookmarks' });
  const jump = group.getByRole('button', { name: 'Go to bookmarked step 24', exact: true });
  await expect(jump).toBeVisible();
  await model.getByRole('button', { name: 'First' }).click();
  await jump.click();
  await expect(atStep(model, 24)).toBeVisible();
  await model.getByRole('button', { name: 'Remove bookmark' }).click();
  await expect(live).toHaveText('Bookmark on step 24 removed.');
  await expect(group).toHaveCount(0);
});

test('Play becomes Pause by its name only, not a pressed toggle too', async ({ page, app }) => {
  const model = await openModel(page, app.open);
  await model.getByRole('button', { name: 'First' }).click();
  await model.getByLabel('Speed').selectOption({ label: '2 steps/s' });
  const play = model.getByRole('button', { name: 'Play' });
  await expect(play).not.toHaveAttribute('aria-pressed', /./);
  await play.click();
  const pause = model.getByRole('button', { name: 'Pause' });
  await expect(pause).not.toHaveAttribute('aria-pressed', /./);
  // Silent while playing; the step reached is said on Pause.
  await expect(model.getByText(/^Step [1-9]\d* of 55$/)).toBeVisible();
  await expect(liveRegion(model)).toHaveText('');
  await pause.click();
  await expect(liveRegion(model)).toHaveText(/^Step \d+\. /);
});

test('the text view spells out the evidence of the current step, as the narration does', async ({
  page,
  app,
}) => {
  const model = await openModel(page, app.open);
  await page.getByRole('button', { name: 'Go to step 24' }).click();
  await expect(liveRegion(model)).toHaveText(/^Step 24\. /);
  await model.getByRole('button', { name: 'Text view' }).click();
  const now = model.getByRole('region', { name: 'Text view of the run' }).locator('.now');
  await expect(now).toHaveText(/^Step 24\. .* Evidence: read in kernel source\.$/);
  await expect(now).not.toContainText('[SRC]');
  await expect(now).toHaveText((await liveRegion(model).textContent()) ?? '');
});

test("a statechart greys the states the run's platform cannot reach, and says why where a screen reader hears it", async ({
  page,
  app,
}) => {
  // AMD: no TDX, so no SEAMCALL, no TDX flush, no KVM using VMX.
  await app.open('#/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByText(/^State machine of CPU \d+$/).click();
  const note = page.getByText(/^Greyed out, \d+ states cannot occur on this platform: /);
  await expect(note).toHaveText(
    /^Greyed out, 10 states cannot occur on this platform: no TDX on this platform \(TDX is Intel only\); no KVM using VMX \(the model runs KVM only on an Intel TDX host\)\.$/,
  );
  const region = page.getByRole('region', { name: 'Statechart (scrollable)' });
  await expect(region).toHaveAccessibleDescription(/^Greyed out, 10 states cannot occur/);
  await expect(region.getByRole('img')).toHaveAccessibleName(
    /; 10 greyed out, as they cannot occur on this platform$/,
  );
  const greyed = region.locator('g.greyed');
  await expect(greyed).toHaveCount(10);
  // The arrows into them are greyed too; those between states that can occur are not.
  expect(await region.locator('polyline.greyed').count()).toBeGreaterThan(5);
  expect(await region.locator('polyline:not(.greyed)').count()).toBeGreaterThan(5);
  // Both SEAMCALL states (VMX on and off), each with why on hover; stop_this_cpu() is not greyed.
  await expect(greyed.locator('text').filter({ hasText: /^seamcall$/ })).toHaveCount(2);
  await expect(greyed.locator('title').first()).toHaveText(/^Cannot occur: no /);
  await expect(region.locator('g.node:not(.greyed) text').filter({ hasText: /^stopping$/ })).toHaveCount(1);
  // The machine as text says it at each state, the reason once at the outer one.
  await page.getByText('The machine as text').first().click();
  const states = page.getByRole('list', { name: 'States of the CPU state machine' });
  await expect(states.getByRole('listitem').filter({ hasText: /^\s*with VMX/ })).toContainText(
    '(cannot occur: no KVM using VMX',
  );
  await expect(states.getByText('(cannot occur)').first()).toBeVisible();
  await expectNoAxeViolations(page, 'the CPU statechart on AMD', 'details.chart');

  // An Intel TDX host: every CPU state can occur, and nothing is said.
  await page.getByRole('radio', { name: 'Intel' }).check();
  await page.getByRole('radio', { name: /^TDX host \(KVM with TDX/ }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText(/^State machine of CPU \d+$/)).toBeVisible();
  const chart = page.locator('details.chart').first();
  if ((await chart.getAttribute('open')) === null) await page.getByText(/^State machine of CPU \d+$/).click();
  await expect(region.locator('g.node').first()).toBeVisible();
  await expect(region.locator('g.greyed')).toHaveCount(0);
  await expect(region.locator('polyline.greyed')).toHaveCount(0);
  await expect(page.getByText(/^Greyed out, /)).toHaveCount(0);
  await expect(region.getByRole('img')).toHaveAccessibleName(
    /^CPU state machine; the current state is [^;]+$/,
  );
});
