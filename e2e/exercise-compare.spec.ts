/**
 * The comparison of two runs, as a student meets it: in a find_bug exercise it shows what differs but not
 * the broken run's notes (which name the broken rule) until the exercise is answered; in a lab step that
 * asks for a prediction, revealing it (and predicting again) puts focus on what appeared; and in the
 * sandbox, the rows the same in both runs read as a sentence.
 */
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { MUTANT_RULES } from '../src/lab/mutants.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, LABS, test, studyAs } from './harness.ts';

const LAB = '02-sme-two-wbinvds';
const MUTANT = 'flag_read_after_load_segments';
/** What the broken run's note says of that rule, beside the option that names it. */
const GIVEAWAY = 'after load_segments() reset GS';

test("find_bug: the comparison shows what differs, and the broken run's notes only once answered", async ({
  page,
  app,
}) => {
  const lab = await loadLab(LABS, LAB);
  const n = lab.exercises.findIndex((e) => e.id === 'find-the-bug');
  const ex = lab.exercises[n];
  if (!ex || ex.kind !== 'find_bug') throw new Error('lab 2 has no find-the-bug exercise');
  // A student whose variant draws the broken model whose note spelled out its option.
  const student = Array.from({ length: 200 }, (_, i) => `bug-${i}`).find((id) => {
    const inst = makeInstance(ex, variantSeed(id, `${LAB}/${ex.id}`));
    return inst.key.kind === 'find_bug' && inst.key.mutant === MUTANT;
  });
  if (!student) throw new Error(`no student id drew ${MUTANT}`);
  const inst = makeInstance(ex, variantSeed(student, `${LAB}/${ex.id}`));
  const key = referenceAnswer(inst);
  if (key.kind !== 'find_bug') throw new Error('unreachable');

  await studyAs(page, app.open, 'Bug Hunter', student);
  await app.open(`#/lab/${LAB}/1/${n + 1}`);
  const panel = page.locator('article.exercise');
  const compare = panel.getByRole('region', { name: 'Compare faithful model with broken model' });
  const changed = compare.locator('tr.changed');
  // What differs: the WBINVD, its CPU and site, and the outcome.
  await expect(changed).toHaveCount(1);
  await expect(changed).toContainText('relocate_kernel');
  await expect(compare).toContainText('2 lines corrupted in broken model');
  await expect(compare).toContainText('flags = [none]');
  // Not why: the broken run's note is withheld, and said to be.
  await expect(compare).not.toContainText(GIVEAWAY);
  await expect(changed).toContainText('why is yours to find, and shown once you have answered');

  await panel.getByRole('radio', { name: MUTANT_RULES[MUTANT].option, exact: true }).check();
  expect(ex.mutants[key.selected]).toBe(MUTANT);
  await panel.getByRole('button', { name: 'Check answer' }).click();
  await expect(panel.getByRole('region', { name: /^Correct/ })).toBeVisible();
  await expect(changed).toContainText(GIVEAWAY);
  await expect(changed).not.toContainText('why is yours to find');
  // Its run, stepped through, is named apart from the lab step's run on the same page.
  await panel.getByRole('button', { name: 'Step through the broken run' }).click();
  const broken = panel.getByRole('region', { name: "Broken model's run", exact: true });
  await expect(
    broken.getByRole('slider', { name: "Broken model's run: step shown", exact: true }),
  ).toBeVisible();
});

test('predicting a comparison: Reveal puts focus on the verdict, Predict again on the question', async ({
  page,
  app,
}) => {
  await app.open('#/lab/04-tdx-percpu-flag/1');
  await page.getByRole('button', { name: /^Compare with before/ }).click();
  const compare = page.getByRole('region', { name: /^Compare/ });
  await compare.getByRole('radio', { name: 'different' }).check();
  await compare.getByRole('button', { name: 'Reveal the comparison' }).click();
  // The button went away with its form: focus goes to what replaced it, which is read out.
  await expect(compare.getByRole('status').filter({ hasText: /outcome predicted/ })).toBeFocused();
  await compare.getByRole('button', { name: 'Predict again' }).click();
  await expect(compare.locator('p', { hasText: 'Predict first.' })).toBeFocused();
});

test('the sandbox comparison says the rows the same in both runs as a sentence', async ({ page, app }) => {
  await app.open('#/sandbox');
  await page.getByLabel('Preset').selectOption({ label: 'AMD, SME supported: before vs after the series' });
  await page.getByRole('button', { name: 'Load preset' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const compare = page.getByRole('region', { name: /Compare after \(v6\.18\) with before \(v6\.17\)/ });
  await expect(compare.locator('.same-line')).toContainText(
    'same in both WBINVD in stop_this_cpu on CPUs 1–3',
  );
  await expect(compare).not.toContainText('WBINVD in both runs:');
});
