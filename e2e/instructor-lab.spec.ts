/**
 * An instructor hands out a lab of their own: the student puts its folder in the user-data folder's
 * labs/, where the Labs screen says; it is listed as from the instructor, opens, and is graded like the
 * app's labs, and a student's copy of the progress is graded by `flushpoint grade` with both folders.
 */
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import type { Page } from '@playwright/test';
import type { ChooseExercise } from '../src/lab/types.ts';
import { expect, gradeJson, LABS, SHOTS, studyAs, test } from './harness.ts';

const ID = 'class-sme-quiz';

/**
 * Lab 2 handed out under the id ID: copied into the user-data folder's labs/, its text changed by
 * `edit`. Returns the copy's lab.yaml and the text written to it.
 */
async function handOut(
  userDataDir: string,
  edit = (text: string) => text,
): Promise<{ folder: string; spec: string; text: string }> {
  const folder = join(userDataDir, 'labs', ID);
  await cp(join(LABS, '02-sme-two-wbinvds'), folder, { recursive: true });
  const spec = join(folder, 'lab.yaml');
  const text = edit((await readFile(spec, 'utf8')).replace(/^id: .*$/m, `id: ${ID}`));
  await writeFile(spec, text);
  return { folder, spec, text };
}

/**
 * Lab 2 handed out unchanged, and Quinn (quinn-3) studying it, at its exercises: the copy's lab.yaml, its
 * text, and its first exercise (a choose one), as the specs that edit the lab afterwards start.
 */
async function quinnAtExercises(
  page: Page,
  app: { userDataDir: string; open: (hash?: string) => Promise<void> },
): Promise<{ spec: string; original: string; ex: ChooseExercise }> {
  const { spec, text: original } = await handOut(app.userDataDir);
  await studyAs(page, app.open, 'Quinn', 'quinn-3');
  await app.open(`#/lab/${ID}`);
  await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();
  const ex = (await loadLab(join(app.userDataDir, 'labs'), ID)).exercises[0];
  if (!ex || ex.kind !== 'choose') throw new Error('the copied lab starts with a choose exercise');
  return { spec, original, ex };
}

test('a lab handed out by an instructor is listed, opens, and is graded offline', async ({ page, app }) => {
  await handOut(app.userDataDir, (text) => text.replace(/^title: .*$/m, 'title: Our class quiz on SME'));

  await app.open('#/labs');
  await page.getByLabel('Name').fill('Quinn');
  await page.getByLabel('Student id').fill('quinn-3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Studying as')).toBeVisible();
  // The form gave way to this line: focus is on its Change button, not dropped to the page.
  await expect(page.getByRole('button', { name: 'Change' })).toBeFocused();
  // Which build this is, from main (app:info): what to tell an instructor when something is wrong.
  await expect(page.getByText(`Flushpoint e2e (${process.platform})`)).toBeVisible();
  // The screen says where handed-out labs go: this very folder.
  await page.getByText('Labs from your instructor').click();
  await expect(page.locator('.handed-out code.path')).toHaveText(join(app.userDataDir, 'labs'));
  const card = page.locator('ol.labs > li', { hasText: 'Our class quiz on SME' });
  await expect(card).toContainText('from your instructor');
  await expect(page.locator('ol.labs > li', { hasText: 'The two WBINVDs of an SME host' })).not.toContainText(
    'from your instructor',
  );
  // The shipped labs say their place in the sequence; a handed-out one has none.
  await expect(
    page.locator('ol.labs > li', { hasText: 'The two WBINVDs of an SME host' }).locator('.lab-no'),
  ).toHaveText('Lab 2');
  await expect(card.locator('.lab-no')).toHaveCount(0);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'labs-instructor-light.png'), fullPage: true });

  // Answer its first exercise right, as the model computes it for this student.
  await card.getByRole('link', { name: 'Our class quiz on SME', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Exercises' })).toBeVisible();
  const lab = await loadLab(join(app.userDataDir, 'labs'), ID);
  const ex = lab.exercises[0];
  if (!ex || ex.kind !== 'choose') throw new Error('the copied lab starts with a choose exercise');
  const inst = makeInstance(ex, variantSeed('quinn-3', `${ID}/${ex.id}`));
  const answer = referenceAnswer(inst);
  if (answer.kind !== 'choose' || inst.exercise.kind !== 'choose') throw new Error('unreachable');
  // By its text: options are shown in an order of the student's own.
  for (const i of answer.selected)
    await page.getByRole('radio', { name: inst.exercise.options[i]?.text, exact: true }).check();
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(page.getByRole('region', { name: /^Correct/ })).toBeVisible();

  // Handed in and graded with the app's labs and the instructor's.
  await app.open('#/results');
  await page.getByRole('button', { name: 'Save my progress for my instructor…' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const copy = join(app.userDataDir, 'exports', 'flushpoint-progress-quinn-3.json');
  // The attempt records the variant shown (its seed and parameter values), so that grading it after
  // the instructor edits the lab grades it against what the student saw.
  const saved = JSON.parse(await readFile(copy, 'utf8')) as { attempts: Record<string, unknown>[] };
  expect(saved.attempts).toHaveLength(1);
  expect(saved.attempts[0]).toMatchObject({
    variantSeed: inst.seed,
    variant: { seed: inst.seed, params: inst.values },
  });
  expect(Object.keys(inst.values)).not.toHaveLength(0);
  expect(saved.attempts[0]).not.toHaveProperty('mutant'); // a choose exercise draws no broken rule
  const { rows, stderr } = gradeJson([copy, '--labs', LABS, '--labs', join(app.userDataDir, 'labs')]);
  expect(stderr).toBe('');
  expect(rows).toEqual([
    expect.objectContaining({ lab: ID, studentId: 'quinn-3', score: ex.points, solved: 1 }),
  ]);
});

test('the folder for handed-out labs opens from the Labs screen, and a lab copied in shows on "Look again"', async ({
  page,
  app,
}) => {
  const dir = join(app.userDataDir, 'labs');
  await app.open('#/labs');
  await page.getByText('Labs from your instructor').click();
  await page.getByRole('button', { name: 'Open this folder' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Opened' })).toHaveText(
    `Opened ${dir} in your file manager.`,
  );
  // Main was asked to show that folder, and made it first: an instructor's first look finds it there.
  expect(app.opened).toEqual([dir]);
  expect((await stat(dir)).isDirectory()).toBe(true);

  await handOut(app.userDataDir, (text) => text.replace(/^title: .*$/m, 'title: Copied in'));
  await expect(page.locator('ol.labs > li', { hasText: 'Copied in' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Look again' }).click();
  await expect(page.locator('ol.labs > li', { hasText: 'Copied in' })).toContainText('from your instructor');
});

test('a broken handed-out copy of a shipped lab says which lab it took the place of', async ({
  page,
  app,
}) => {
  const folder = join(app.userDataDir, 'labs', '02-sme-two-wbinvds');
  await cp(join(LABS, '02-sme-two-wbinvds'), folder, { recursive: true });
  const spec = join(folder, 'lab.yaml');
  const text = await readFile(spec, 'utf8');
  const title = /^title: (.*)$/m.exec(text)?.[1] ?? '';
  await writeFile(spec, text.replace('kind: grid', 'kind: gird'));
  await app.open('#/labs');
  // The shipped lab is gone from the list, and the student is told why, by its title.
  await expect(page.locator('ol.labs > li', { hasText: title })).toHaveCount(0);
  const broken = page.getByRole('region', { name: 'Labs that could not be loaded' });
  await expect(broken).toContainText(
    `This folder from your instructor replaces the app's lab “${title}”, so that lab is not listed until the folder is fixed or removed.`,
  );
});

test("a handed-out lab's prose shows only what the sanitiser lets through, evidence badges included", async ({
  page,
  app,
}) => {
  const { folder } = await handOut(app.userDataDir);
  // A tag in a link's title once became a badge inside the attribute, closing the link early.
  const prose = join(folder, 'steps', '01-the-sme-host.md');
  const title = '[INF] <details open ontoggle=alert(1)>x';
  await writeFile(prose, `# Hostile\n\nSee [the note](#ex-h "${title}") here [SRC].\n`);
  await app.open(`#/lab/${ID}/1`);
  const step = page.getByRole('region', { name: /^Step 1:/ });
  await expect(step.getByRole('heading', { name: 'Hostile' })).toBeVisible();
  await expect(step.getByRole('link', { name: 'the note', exact: true })).toHaveAttribute('title', title);
  await expect(step.locator('details')).toHaveCount(0);
  await expect(step.locator('abbr.badge')).toHaveText(['SRC']);
  await expect(step).toContainText('See the note here SRC.');
});

test("after the instructor edits a handed-out lab, a student's solved exercise still shows the variant they answered", async ({
  page,
  app,
}) => {
  const { spec, original, ex } = await quinnAtExercises(page, app);
  const seed = variantSeed('quinn-3', `${ID}/${ex.id}`);
  const inst = makeInstance(ex, seed);
  const answer = referenceAnswer(inst);
  if (answer.kind !== 'choose' || inst.exercise.kind !== 'choose') throw new Error('unreachable');
  const article = page.getByRole('article', { name: 'Which CPU runs relocate_kernel' });
  const shown = `is run on CPU ${inst.values['start']}, with no`;
  await expect(article).toContainText(shown);
  for (const i of answer.selected)
    await article.getByRole('radio', { name: inst.exercise.options[i]?.text, exact: true }).check();
  await article.getByRole('button', { name: 'Check answer' }).click();
  await expect(article.getByRole('region', { name: /^Correct/ })).toBeVisible();

  // The instructor reorders the start CPUs, so that this student's seed now draws another one.
  const orders = ['[2, 3, 1]', '[3, 1, 2]', '[3, 2, 1]'];
  const edited = orders
    .map((o) => original.replace('start: { values: [1, 2, 3] }', `start: { values: ${o} }`))
    .find((text) => {
      const values =
        text
          .match(/start: \{ values: \[(\d), (\d), (\d)\] \}/)
          ?.slice(1)
          .map(Number) ?? [];
      return (
        makeInstance({ ...ex, params: { start: { values } } }, seed).values['start'] !== inst.values['start']
      );
    });
  if (!edited || edited === original) throw new Error('no reordering draws another start CPU');
  await writeFile(spec, edited);
  await page.reload();
  await expect(article.getByText('solved', { exact: true })).toBeVisible();
  // Still the question the student answered (their attempt is graded against it), not the new draw.
  await expect(article).toContainText(shown);
  await expect(
    article.getByRole('radio', { name: inst.exercise.options[answer.selected[0] ?? -1]?.text, exact: true }),
  ).toBeChecked();
});

test("after the instructor reorders an exercise's options, a student's answers still name what they picked", async ({
  page,
  app,
}) => {
  const { spec, original, ex } = await quinnAtExercises(page, app);
  const article = page.getByRole('article', { name: 'Which CPU runs relocate_kernel' });
  const inst = makeInstance(ex, variantSeed('quinn-3', `${ID}/${ex.id}`));
  if (inst.exercise.kind !== 'choose') throw new Error('unreachable');
  const [reboot, started] = inst.exercise.options.map((o) => o.text);
  if (reboot !== 'CPU 0, the reboot CPU' || !started) throw new Error("lab 2's first options have changed");
  // A wrong try, then the right answer: full credit (the first retry is free).
  await article.getByRole('radio', { name: started, exact: true }).check();
  await article.getByRole('button', { name: 'Check answer' }).click();
  await expect(article.getByRole('region', { name: /^Not quite/ })).toBeVisible();
  await article.getByRole('radio', { name: reboot, exact: true }).check();
  await article.getByRole('button', { name: 'Check answer' }).click();
  await expect(article.getByRole('region', { name: /^Correct/ })).toBeVisible();
  const progress = join(app.userDataDir, 'progress.json');
  const answers = async () =>
    (
      JSON.parse(await readFile(progress, 'utf8').catch(() => '{"attempts":[]}')) as {
        attempts: { answer: unknown }[];
      }
    ).attempts.map((a) => a.answer);
  // Each answer saves, beside the option's number, its text as the lab file writes it. (The feedback
  // shows before the save is written: polled until it is.)
  await expect.poll(answers).toEqual([
    { kind: 'choose', selected: [1], texts: ['CPU {{start}}, which ran kexec -e'] },
    { kind: 'choose', selected: [0], texts: ['CPU 0, the reboot CPU'] },
  ]);

  // The instructor moves the right option to the end: saved as numbers alone, [0] would now name
  // "CPU {{start}}…" and [1] "No CPU…".
  const first = original.indexOf('      - text: CPU 0, the reboot CPU\n');
  const second = original.indexOf('      - text: CPU {{start}}, which ran kexec -e\n');
  const hints = original.indexOf('    hints:\n      - Look for migrate_to_reboot_cpu');
  if (first < 0 || second < first || hints < second) throw new Error("lab 2's first exercise has changed");
  const moved =
    original.slice(0, first) +
    original.slice(second, hints) +
    original.slice(first, second) +
    original.slice(hints);
  await writeFile(spec, moved);
  await page.reload();
  await expect(article.getByText('solved', { exact: true })).toBeVisible();
  await expect(article.getByRole('radio', { name: reboot, exact: true })).toBeChecked();
  const changed = article.getByText('This exercise was changed after you answered');
  await expect(changed).toHaveCount(0); // only moved: nothing to say
  // And graded as the student answered: right at the second try, with no word of a changed lab.
  const { rows, stderr } = gradeJson([progress, '--labs', LABS, '--labs', join(app.userDataDir, 'labs')]);
  expect(stderr).toBe('');
  expect(rows).toEqual([
    expect.objectContaining({ lab: ID, studentId: 'quinn-3', score: ex.points, solved: 1 }),
  ]);

  // Then reworded as well: the saved text is found nowhere, the answer is shown by its number (now
  // another option), and the student is told, in the words they saw and the ones shown instead.
  await writeFile(
    spec,
    moved.replace('      - text: CPU 0, the reboot CPU\n', '      - text: CPU 0, which is the reboot CPU\n'),
  );
  await mkdir(SHOTS, { recursive: true });
  await page.reload();
  await expect(changed).toHaveText(
    `This exercise was changed after you answered: the option you had as “${reboot}” is shown as the one now in its place, “${started}”. If that is not what you picked, tell your instructor.`,
  );
  await expect(article.getByRole('radio', { name: started, exact: true })).toBeChecked();
  // Its feedback is not made up again: graded by number it would judge another option than the one picked.
  await expect(article.getByRole('region', { name: /^(Correct|Not quite)/ })).toHaveCount(0);
  await expect(article.getByText('solved', { exact: true })).toBeVisible();
  await article.screenshot({ path: join(SHOTS, 'exercise-option-changed-light.png') });
});
