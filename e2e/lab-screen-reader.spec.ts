/**
 * A lab as a screen-reader user meets it: feedback read once (by focus, not also by a live region), step
 * buttons that cannot be taken for the model's, a model run again by a seed or a fault says so, an
 * exercise opened from the list takes focus, the find_bug comparison's heading sits below the exercise's,
 * Reveal the comparison is found by Tab before an outcome is picked, and a statechart can be read as text.
 */
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { parseScenarioText, simulate } from '../src/sim/index.ts';
import {
  expect,
  expectNoAxeViolations as axe,
  FIRST_CHART,
  LABS,
  test,
  studyAs,
  watchLiveRegions,
} from './harness.ts';

const LAB = '02-sme-two-wbinvds';

test('a wrong answer: focus on the verdict, and the feedback is not also a live region', async ({
  page,
  app,
}) => {
  const STUDENT = 'sr-feedback';
  const lab = await loadLab(LABS, LAB);
  const ex = lab.exercises[0];
  if (!ex || ex.id !== 'who-runs-relocate') throw new Error('lab 2 starts with who-runs-relocate');
  const inst = makeInstance(ex, variantSeed(STUDENT, `${LAB}/${ex.id}`));
  const key = referenceAnswer(inst);
  if (key.kind !== 'choose' || inst.exercise.kind !== 'choose') throw new Error('a choose exercise');
  const wrong = inst.exercise.options.findIndex((_, i) => !key.selected.includes(i));

  await studyAs(page, app.open, 'Screen Reader', STUDENT);
  await app.open(`#/lab/${LAB}/1/1`);
  const panel = page.locator('article.exercise');
  await panel.getByRole('radio', { name: inst.exercise.options[wrong]?.text, exact: true }).check();
  await panel.getByRole('button', { name: 'Check answer' }).click();
  const feedback = panel.getByRole('region', { name: /^Not quite: 0 \/ 2 points/ });
  await expect(page.locator(':focus')).toHaveText(/^Not quite: 0 \/ 2\s+points$/);
  // The heading, focused, is read; the section's long text is read on only if the student reads on.
  // Live as well, it was read out in full, and again when "A hint is available." was added to it.
  await expect(feedback).toContainText('A hint is available.');
  await expect(feedback.locator('xpath=ancestor-or-self::*[@aria-live]')).toHaveCount(0);
  const live = page.locator('[aria-live], [role="status"], [role="alert"]');
  for (const region of await live.all()) await expect(region).not.toContainText('Try again');
});

test("the lab's step buttons say they are the lab's, and which step they go to", async ({ page, app }) => {
  const lab = await loadLab(LABS, LAB);
  const [one, two, three] = lab.steps.map((s) => s.title);
  await app.open(`#/lab/${LAB}/2`);
  const next = page.getByRole('button', { name: `Next lab step: ${three}`, exact: true });
  const previous = page.getByRole('button', { name: `Previous lab step: ${one}`, exact: true });
  await expect(next).toBeVisible();
  await expect(previous).toBeVisible();
  // The model's own stepping is named apart from the lab's, and its names say "model" once, if at all.
  const live = page.getByRole('region', { name: 'Live model' });
  const run = live.getByRole('region', { name: "Lab step's run", exact: true });
  await expect(run.getByRole('button', { name: "Next, Lab step's run", exact: true })).toBeVisible();
  await expect(run.getByRole('group', { name: "Lab step's run: step controls", exact: true })).toBeVisible();
  await expect(run.getByRole('slider', { name: "Lab step's run: step shown", exact: true })).toBeVisible();
  await next.click();
  await expect(page.getByRole('region', { name: `Step 3: ${three}` })).toBeVisible();
  await expect(page.getByRole('button', { name: `Previous lab step: ${two}`, exact: true })).toBeVisible();
});

test('a seed or a fault runs the step again: said, with how the new run ends', async ({ page, app }) => {
  const lab = await loadLab(LABS, '01-why-flush');
  const step = lab.steps[2];
  if (!step?.scenario || !step.actions.includes('seed') || !step.actions.includes('fault'))
    throw new Error("lab 1's step 3 takes a seed and a fault");
  const corrupted = (extra: Record<string, unknown>) => {
    const p = parseScenarioText(JSON.stringify({ ...step.scenario, ...extra }));
    if (!p.ok) throw new Error('bad scenario');
    return simulate(p.scenario).memory?.corrupted ?? 0;
  };
  const lines = (n: number) => (n ? `${n} line${n === 1 ? '' : 's'} corrupted` : 'intact');

  await app.open('#/lab/01-why-flush/3');
  const live = page.getByRole('region', { name: 'Live model' });
  const said = live.getByRole('status');
  await expect(said).toHaveText('');
  // Somewhere into the run: the new run starts over at step 0, which the note says.
  await live.getByRole('button', { name: /^Last(, |$)/ }).click();
  await expect(live.getByText(/^Step [1-9]\d* of/)).toBeVisible();

  await page.getByLabel('Site to skip').selectOption('relocate_kernel');
  const skipped = corrupted({ faults: [{ skip_wbinvd: { site: 'relocate_kernel' } }] });
  await expect(said).toHaveText(
    `Ran again skipping the WBINVD in relocate_kernel on every CPU it runs on: new kernel: ${lines(skipped)}. The model is back at step 0.`,
  );
  await expect(live.getByText(/^Step 0 of/)).toBeVisible();

  await page.getByLabel('Seed').fill('5');
  await page.getByLabel('Seed').press('Tab');
  const seeded = corrupted({ seed: 5, faults: [{ skip_wbinvd: { site: 'relocate_kernel' } }] });
  await expect(said).toHaveText(
    `Ran again with seed 5: new kernel: ${lines(seeded)}. The model is back at step 0.`,
  );
});

test('an exercise opened from the list takes focus at its heading', async ({ page, app }) => {
  const lab = await loadLab(LABS, LAB);
  const third = lab.exercises[2];
  if (!third) throw new Error('lab 2 has three exercises');
  await app.open(`#/lab/${LAB}/1/1`);
  const item = page.locator('ol.ex-list button').nth(2);
  await item.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator(':focus')).toHaveAttribute('id', `ex-${third.id}-h`);
  // The heading (the exercise's title) carries the emphasis; the prompt under it is plain text, not bold.
  const article = page.locator(`article[aria-labelledby="ex-${third.id}-h"]`);
  await expect(article.getByRole('heading', { level: 3 }).first()).toHaveCSS('font-weight', '600');
  await expect(article.locator('header p.prompt')).toHaveCSS('font-weight', '400');
});

test("the find_bug comparison's heading is one level below the exercise's", async ({ page, app }) => {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.kind === 'find_bug');
  const ex = lab.exercises[n];
  if (!ex?.title) throw new Error('lab 2 has a titled find_bug exercise');
  await app.open(`#/lab/${LAB}/1/${n + 1}`);
  const panel = page.getByRole('article', { name: ex.title });
  await expect(panel.getByRole('heading', { name: ex.title, level: 3 })).toBeVisible();
  await expect(
    panel.getByRole('heading', { name: 'Compare: faithful model vs broken model', level: 4 }),
  ).toBeVisible();
  // In a lab step's model (under "The model", an h2) it stays an h3.
  await app.open('#/lab/03-supported-vs-active/3');
  await page.getByRole('button', { name: /^Compare with / }).click();
  await expect(page.getByRole('heading', { name: /^Compare: /, level: 3 })).toBeVisible();
});

test('Reveal the comparison is in the Tab order before an outcome is picked, and says what is missing', async ({
  page,
  app,
}) => {
  await app.open('#/lab/04-tdx-percpu-flag/1');
  await page.getByRole('button', { name: /^Compare with before/ }).click();
  const compare = page.getByRole('region', { name: /^Compare/ });
  const reveal = compare.getByRole('button', { name: 'Reveal the comparison' });
  await expect(reveal).toHaveAttribute('aria-disabled', 'true');
  await compare.getByRole('radio', { name: 'different' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Reveal the comparison');
  await page.keyboard.press('Enter');
  await expect(compare.getByRole('status')).toHaveText('Pick an outcome first: will the outcome differ?');
  await expect(reveal).toHaveAccessibleDescription('Pick an outcome first: will the outcome differ?');
  await expect(reveal).toBeFocused();
  await expect(compare.getByRole('table', { name: /^WBINVDs per CPU and site/ })).toHaveCount(0);

  await compare.getByRole('radio', { name: 'different' }).check();
  await expect(reveal).toHaveAttribute('aria-disabled', 'false');
  await reveal.click();
  await expect(compare.getByRole('status').filter({ hasText: /outcome predicted/ })).toBeFocused();
});

test('a statechart can be read as text: its states, the current one marked, and its transitions', async ({
  page,
  app,
}) => {
  // The first chart loads its layout engine (FIRST_CHART), and axe runs twice: more than a minute on a
  // loaded 2-vCPU machine.
  test.slow();
  await app.open('#/sandbox');
  // The first screen shows the end of the run: the CPU is in the new kernel.
  await page.getByText('State machine of CPU').click();
  await expect(
    page.getByRole('img', {
      name: 'CPU state machine; the current state is new kernel: relocate_kernel returned to image->start',
    }),
  ).toBeVisible(FIRST_CHART);
  const summary = page.getByText('The machine as text', { exact: true });
  await summary.focus();
  await expect(summary).toBeFocused();
  await page.keyboard.press('Enter');
  const states = page.getByRole('list', { name: 'States of the CPU state machine' });
  await expect(states).toBeVisible();
  // The current state's item is the one with the mark of its own (those around it hold it).
  const current = states.locator('li:has(> .badge)');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveText(
    'new kernel: relocate_kernel returned to image->start (newKernel) current',
  );
  // Nested as in the machine: the states inside "online" are listed inside its item, each in words at
  // every depth (not "virtualizationDisabled"), and the two "running" states apart.
  const online = states.locator('> li', { hasText: /^\s*online: brought up/ });
  await expect(online.locator('> ul > li')).toHaveText([
    /^\s*without VMX: KVM not using virtualization on this CPU \(virtualizationDisabled\)/,
    /^\s*with VMX: KVM using virtualization on this CPU \(virtualizationEnabled\)/,
    /^\s*disabling VMX/,
    /^\s*TDX flush: tdx_disable_virtualization_cpu\(\)/,
    /^\s*TDX flush: tdx_cpu_flush_cache_for_kexec\(\)/,
    /^\s*VMX off/,
  ]);
  await expect(online.locator('> ul > li > ul > li', { hasText: /^\s*running/ })).toHaveText([
    /^\s*running, VMX off \(running\)/,
    /^\s*running, VMX on \(running\)/,
  ]);
  const transitions = page.getByRole('table', { name: 'Transitions of the CPU state machine' });
  await expect(
    transitions.getByRole('row', {
      name: 'machine_kexec: the kexec CPU, in machine_kexec() and relocate_kernel (machineKexec) kexec.jump new kernel: relocate_kernel returned to image->start (newKernel)',
    }),
  ).toBeVisible();
  await expect(
    transitions.getByRole('row', {
      name: /^going offline: hlt_play_dead\(\), WBINVD, then halt \(playDead\) at once offline: not brought up yet, or gone offline \(offline\)$/,
    }),
  ).toBeVisible();

  await axe(page, 'a statechart as text, in both themes', 'details.as-text');
  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(page, 'a statechart as text, in both themes', 'details.as-text');

  // It moves with the run.
  await page.getByRole('button', { name: /^First(, |$)/ }).click();
  await expect(
    page.getByRole('img', {
      name: 'CPU state machine; the current state is offline: not brought up yet, or gone offline',
    }),
  ).toBeVisible();
  await expect(current).toHaveText('offline: not brought up yet, or gone offline (offline) current');
});

test('Check answer with nothing chosen says so, in a status region already on the page', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1/1');
  const panel = page.locator('article.exercise');
  const check = panel.getByRole('button', { name: 'Check answer' });
  await expect(check).toBeVisible();
  const log = await watchLiveRegions(page);
  await check.focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status').filter({ hasText: 'Choose an answer first.' })).toBeVisible();
  await expect(check).toBeFocused();
  // Pressed again: said again (emptied a moment first, so the same words are a change).
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await log()).said)
    .toEqual(['Choose an answer first.', 'Choose an answer first.']);
  // Put into a region that was there, never one inserted already holding the words.
  expect((await log()).inserted).toEqual([]);
});

test("moving between a lab's steps does not read the model's start hint; it stays on screen", async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  const hint = page
    .getByRole('region', { name: 'Live model' })
    .getByText(/^Before the first step: \d+ steps/);
  await expect(hint).toBeVisible();
  const log = await watchLiveRegions(page);
  const steps = page.getByRole('group', { name: 'Steps' });
  await steps.getByRole('button', { name: /^2\. / }).click();
  await expect(page.getByRole('region', { name: /^Step 2: / })).toBeFocused();
  await expect(hint).toBeVisible();
  await page.getByRole('button', { name: /^Next lab step: / }).click();
  await expect(page.getByRole('region', { name: /^Step 3: / })).toBeFocused();
  await expect(hint).toBeVisible();
  const { said, inserted } = await log();
  expect([...said, ...inserted].filter((t) => t.startsWith('Before the first step'))).toEqual([]);
  // Stepped back to the start by the student, the model says where they are.
  const model = page.getByRole('region', { name: "Lab step's run", exact: true });
  await model.getByRole('button', { name: /^Next(, |$)/ }).click();
  await model.getByRole('button', { name: /^First(, |$)/ }).click();
  await expect(model.locator('[aria-live="polite"]')).toHaveText(/^Before the first step\. Press Next/);
});

test("a find_bug exercise's broken run and the lab step's run have step controls named apart", async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, '01-why-flush');
  const n = lab.exercises.findIndex((e) => e.kind === 'find_bug');
  if (n < 0) throw new Error('lab 1 has a find_bug exercise');
  await app.open(`#/lab/01-why-flush/1/${n + 1}`);
  await page.getByRole('button', { name: 'Step through the broken run' }).click();
  for (const what of ['First', 'Back', 'Next', 'Last', 'Play', 'Bookmark', 'Text view']) {
    const named = page.getByRole('button', { name: new RegExp(`^${what}, `) });
    await expect(named).toHaveCount(2);
    expect(await named.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      `${what}, Lab step's run`,
      `${what}, Broken model's run`,
    ]);
  }
  await expect(page.getByRole('combobox', { name: /^Speed(, |$)/ })).toHaveCount(2);
});

test('"Who is studying?" is a heading inside a lab\'s Exercises, one level below it', async ({
  page,
  app,
}) => {
  await app.open('#/lab/01-why-flush/1');
  const exercises = page.getByRole('region', { name: 'Exercises' });
  await expect(exercises.getByRole('heading', { name: 'Exercises', level: 2 })).toBeVisible();
  await expect(exercises.getByRole('heading', { name: 'Who is studying?', level: 3 })).toBeVisible();
  // On the Labs screen it is a section of its own.
  await app.open('#/labs');
  await expect(page.getByRole('heading', { name: 'Who is studying?', level: 2 })).toBeVisible();
});
