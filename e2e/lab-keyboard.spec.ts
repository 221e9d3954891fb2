/**
 * A student completes lab 2 by keyboard only: a wrong answer first (sees the explanation and the named
 * misconception), full credit on the retry, every exercise answered, then a reload finds the progress.
 * The right answers are computed here exactly as the app computes them: by the model, for this student.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { findBugOptions } from '../src/lab/find-bug-options.ts';
import { referenceAnswer, type Answer } from '../src/lab/grade.ts';
import { makeInstance, type Instance } from '../src/lab/keys.ts';
import { MUTANT_RULES } from '../src/lab/mutants.ts';
import { optionOrder } from '../src/lab/option-order.ts';
import { variantSeed } from '../src/lab/variants.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, gradeJson, LABS, test } from './harness.ts';

const LAB = '02-sme-two-wbinvds';
const STUDENT = 'kb-student-7';

async function press(page: Page, locator: ReturnType<Page['locator']>, key = 'Enter') {
  await locator.focus();
  await page.keyboard.press(key);
}

/** The texts of an instance's options (a find_bug's: its rules, mutants then decoys), in the lab file's order. */
function optionTexts(inst: Instance): string[] {
  const e = inst.exercise;
  if (e.kind === 'choose' || e.kind === 'predict') return e.options.map((o) => o.text);
  if (e.kind === 'find_bug')
    return findBugOptions(e).map((m) => MUTANT_RULES[m as keyof typeof MUTANT_RULES].option);
  return [];
}

/**
 * Option `i` of the lab file, found by its text as shown (inline Markdown's marks aside): options are
 * shown in an order of the student's own, so their place says nothing.
 */
function option(panel: ReturnType<Page['locator']>, inst: Instance, i: number) {
  const multiple = inst.exercise.kind === 'choose' && inst.exercise.multiple;
  const text = (optionTexts(inst)[i] ?? '').replace(/[`*]/g, '');
  return panel.getByRole(multiple ? 'checkbox' : 'radio', { name: text, exact: true });
}

async function answerByKeyboard(
  page: Page,
  panel: ReturnType<Page['locator']>,
  a: Answer,
  inst: Instance,
  labels: string[],
) {
  switch (a.kind) {
    case 'choose':
      for (const i of a.selected) await press(page, option(panel, inst, i), 'Space');
      break;
    case 'predict':
    case 'find_bug':
      await press(page, option(panel, inst, a.selected), 'Space');
      break;
    case 'grid':
      for (const cell of a.cells) {
        const [cpu, site] = cell.split(':');
        await press(page, panel.getByRole('checkbox', { name: `CPU ${cpu} flushes in ${site}` }), 'Space');
      }
      break;
    case 'order':
      // Selection sort with the Up buttons: bring each item, in key order, to its place.
      for (let pos = 0; pos < a.order.length; pos++) {
        const label = labels[a.order[pos] as number] as string;
        const items = panel.locator('ol.order > li .label');
        let at = (await items.allTextContents()).indexOf(label);
        while (at > pos) {
          await press(page, panel.getByRole('button', { name: `Move up: ${label}` }));
          at--;
        }
      }
      break;
    case 'explain':
      await panel.getByLabel('Your answer').focus();
      await page.keyboard.type('machine_kexec reads the flag before load_segments and passes bit 1.');
      break;
  }
}

test('lab 2 by keyboard: wrong first, full credit on retry, progress survives a reload', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const lab = await loadLab(LABS, LAB);
  await app.open(`#/lab/${LAB}/1`);

  // Who is studying (the id seeds the variants).
  await page.getByLabel('Name').focus();
  await page.keyboard.type('Kay Board');
  await page.getByLabel('Student id').focus();
  await page.keyboard.type(STUDENT);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`(${STUDENT})`)).toBeVisible();

  // Read the steps with the keyboard.
  for (let i = 2; i <= lab.steps.length; i++) {
    await press(page, page.getByRole('button', { name: /^Next lab step: / }));
    await expect(page.getByRole('region', { name: new RegExp(`^Step ${i}:`) })).toBeVisible();
  }

  for (const [n, ex] of lab.exercises.entries()) {
    const inst = makeInstance(ex, variantSeed(STUDENT, `${LAB}/${ex.id}`));
    const panel = page.locator('article.exercise');
    await expect(panel.locator(`#ex-${ex.id}-h`)).toBeVisible();
    // The lab titles every exercise: the list and the exercise's name say it, the prompt follows.
    if (!ex.title) throw new Error(`lab 2's exercise ${ex.id} has no title`);
    await expect(page.getByRole('article', { name: ex.title, exact: true })).toBeVisible();
    await expect(page.locator('.ex-list li').nth(n)).toContainText(`${n + 1}. ${ex.title}`);
    const labels = ex.kind === 'order' ? ex.items.map((it) => it.label) : [];
    // Options are shown (and so read out, and walked with the arrow keys) in this student's order.
    const texts = optionTexts(inst);
    const order = optionOrder(texts.length, inst.seed);
    const inOrder = order.map((i) => (texts[i] as string).replace(/[`*]/g, ''));
    if (texts.length) await expect(panel.locator('.choice')).toHaveText(inOrder);

    if (n === 0) {
      // A wrong answer first.
      if (inst.key.kind !== 'choose' || ex.kind !== 'choose')
        throw new Error('lab 2 starts with a choose exercise');
      const shown = inst.exercise;
      if (shown.kind !== 'choose') throw new Error('unreachable');
      const wrong = shown.options.findIndex(
        (_, i) => !(inst.key as { correct: number[] }).correct.includes(i),
      );
      // The arrow keys go down the options as they are shown.
      const radios = panel.getByRole('radio');
      await press(page, radios.first(), 'Space');
      await expect(radios.first()).toBeChecked();
      await page.keyboard.press('ArrowDown');
      const second = panel.getByRole('radio', { name: inOrder[1], exact: true });
      await expect(second).toBeChecked();
      await expect(second).toBeFocused();
      await press(page, option(panel, inst, wrong), 'Space');
      await expect(option(panel, inst, wrong)).toBeChecked();
      await press(page, panel.getByRole('button', { name: 'Check answer' }));
      const fb = panel.getByRole('region', { name: /Not quite/ });
      await expect(fb).toBeVisible();
      await expect(page.locator('.ex-list li').nth(0)).toContainText('wrong so far');
      await expect(fb).toContainText('Misconception:');
      await expect(fb).toContainText(shown.options[wrong]?.explain.slice(0, 40) ?? '');
    }

    await answerByKeyboard(page, panel, referenceAnswer(inst), inst, labels);
    if (ex.kind === 'explain') {
      await press(page, panel.getByRole('button', { name: 'Show the model answer' }));
      await expect(panel.getByRole('region', { name: 'Model answer' })).toContainText(
        ex.model_answer.slice(0, 30),
      );
      await press(page, panel.getByRole('radio', { name: 'I got it' }), 'Space');
      await press(page, panel.getByRole('button', { name: 'Save my rating' }));
      await expect(panel.getByRole('status').filter({ hasText: 'not graded' })).toBeVisible();
      await expect(page.locator('.ex-list li').nth(n)).toContainText('answered');
    } else {
      await press(page, panel.getByRole('button', { name: 'Check answer' }));
      await expect(panel.getByRole('region', { name: /^Correct/ })).toContainText(
        `${ex.points} / ${ex.points} points`,
      );
      // Feedback takes the focus; the saved attempt shows in the exercise list.
      await expect(panel.locator(`#fb-${ex.id}`)).toBeFocused();
      await expect(page.locator('.ex-list li').nth(n)).toContainText('solved');
      if (inst.key.kind === 'choose') {
        // The feedback on each option picked, in the order the options are shown.
        const picked = inst.key.correct;
        await expect(panel.locator('.feedback li > strong')).toHaveText(
          order.filter((i) => picked.includes(i)).map((i) => (texts[i] as string).replace(/[`*]/g, '')),
        );
      }
      if (ex.kind === 'grid') {
        // Solved: each cell with the model's reason, and the student's answer matching every one.
        const why = panel.getByRole('region', { name: 'Why, from the model' });
        await expect(why.locator('tbody tr')).toHaveCount(
          inst.key.kind === 'grid' ? inst.key.cpus * ex.sites.length : -1,
        );
        await expect(why.locator('tbody tr.differs')).toHaveCount(0);
      }
      if (inst.exercise.kind === 'choose' || inst.exercise.kind === 'predict') {
        // Solved: the options not picked are explained too.
        const e = inst.exercise;
        const right =
          inst.key.kind === 'choose'
            ? inst.key.correct
            : inst.key.kind === 'predict'
              ? [inst.key.correct]
              : [];
        const others = panel.getByRole('region', {
          name:
            e.kind === 'choose' && e.multiple
              ? 'The false statements, and why'
              : 'The other answers, and why not',
        });
        await expect(others.locator('li')).toHaveCount(e.options.length - right.length);
        // In the order the options were shown.
        await expect(others.locator('li > strong')).toHaveText(
          order.filter((i) => !right.includes(i)).map((i) => (texts[i] as string).replace(/[`*]/g, '')),
        );
      }
      if (ex.kind === 'order' || ex.kind === 'predict') {
        // Solved: where in the trace each item (option) is, in trace order; for predict the answer is next.
        const why = panel.getByRole('region', { name: 'Why, from the model' });
        const rows = why.locator('tbody tr');
        await expect(rows).toHaveCount(ex.kind === 'order' ? ex.items.length : ex.options.length);
        if (inst.key.kind === 'order' && inst.exercise.kind === 'order')
          for (const [pos, item] of inst.key.order.entries())
            await expect(rows.nth(pos)).toContainText(inst.exercise.items[item]?.label ?? '');
        if (inst.key.kind === 'predict' && inst.exercise.kind === 'predict')
          await expect(rows.first()).toContainText(`${inst.exercise.options[inst.key.correct]?.text} next`);
      }
    }
    if (n < lab.exercises.length - 1)
      await press(page, page.getByRole('button', { name: 'Next exercise', exact: true }));
  }

  // Reload: the progress is read back from the store on disk.
  await page.reload();
  await app.open(`#/results/${LAB}`);
  const total = lab.exercises.reduce((s, e) => s + e.points, 0);
  const graded = lab.exercises.filter((e) => e.kind !== 'explain').length;
  await expect(page.getByText(`Score ${total} / ${total}`)).toBeVisible();
  // Of the exercises that can be solved: explain ones are never graded.
  await expect(page.getByText(`${graded} of ${graded} solved`)).toBeVisible();
  await expect(page.getByRole('row', { name: /who-runs-relocate/ })).toContainText('2');
  // The wrong first answer, graded again, names the misconception it showed, for the student to review.
  await expect(page.getByRole('heading', { name: 'What your wrong answers believed' })).toBeVisible();
  await expect(page.locator('ul.beliefs li')).toHaveCount(1);
  await expect(page.locator('ul.beliefs li')).toHaveText(
    'The CPU that ran kexec -e is the one that runs relocate_kernel — in Which CPU runs relocate_kernel',
  );
  await expect(
    page.locator('ul.beliefs li').getByRole('link', { name: 'Which CPU runs relocate_kernel' }),
  ).toHaveAttribute('href', `#/lab/${LAB}/1/1`);

  // Hand-in: a copy of the progress, which the instructor grades offline to the same score.
  await press(page, page.getByRole('button', { name: 'Save my progress for my instructor…' }));
  const copy = join(app.userDataDir, 'exports', `flushpoint-progress-${STUDENT}.json`);
  const status = page.getByRole('status').filter({ hasText: 'Saved' });
  await expect(status).toHaveText(/^Saved \d+ attempts to /);
  await expect(status).toContainText(`to ${copy}. Hand this file to your instructor.`);
  const { rows, stderr } = gradeJson<{ lab: string; score: number; studentId: string }>([
    copy,
    '--labs',
    LABS,
  ]);
  expect(stderr).toBe('');
  expect(rows.find((r) => r.lab === LAB)).toMatchObject({ studentId: STUDENT, score: total });
});
