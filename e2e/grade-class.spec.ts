/**
 * An instructor grades a class in the app, by keyboard: from the Labs screen to "Grade a class", the
 * students' progress files picked in main's open dialog (here: the harness's answer), graded again by the
 * model; a cut-short file is named and skipped; the scores and the class per exercise are read; a CSV is
 * saved. Both themes pass axe and are photographed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canBeSolved, wideLeftOut } from '../src/lab/class-grade.ts';
import { progressOf } from '../src/lab/progress/fixture.ts';
import { loadLab } from '../src/node/labs/load.ts';
import { expect, expectNoAxeViolations, LABS, SHOTS, test } from './harness.ts';

test('an instructor grades the class from its progress files and saves the scores', async ({ page, app }) => {
  const why = await loadLab(LABS, '01-why-flush');
  const points = (lab: typeof why) => lab.exercises.reduce((n, e) => n + e.points, 0);
  // "n of m solved": m leaves out the explain exercises, which are never graded.
  const solvable = (lab: typeof why) => lab.exercises.filter(canBeSolved).length;
  const sme = await loadLab(LABS, '02-sme-two-wbinvds');
  const dir = join(app.userDataDir, 'class');
  await mkdir(dir, { recursive: true });
  const ada = join(dir, 'ada.json');
  const bo = join(dir, 'bo.json');
  const cut = join(dir, 'cy.json');
  await writeFile(
    ada,
    JSON.stringify(
      progressOf(
        sme,
        { name: 'Ada', id: 'ada-1' },
        { 'who-runs-relocate': 'right', 'grid-sme-active': 'right' },
      ),
    ),
  );
  const boSme = progressOf(sme, { name: 'Bo', id: 'bo-2' }, { 'who-runs-relocate': 'wrong-then-right' });
  const boWhy = progressOf(why, { name: 'Bo', id: 'bo-2' }, { 'any-order': 'right' });
  await writeFile(bo, JSON.stringify({ ...boSme, attempts: [...boWhy.attempts, ...boSme.attempts] }));
  await writeFile(cut, JSON.stringify(progressOf(sme, { name: 'Cy', id: 'cy-3' }, {})).slice(0, 30));
  // Dee answered only a lab this app does not have (handed out elsewhere).
  const dee = join(dir, 'dee.json');
  const deeData = progressOf(sme, { name: 'Dee', id: 'dee-4' }, { 'who-runs-relocate': 'right' });
  await writeFile(
    dee,
    JSON.stringify({ ...deeData, attempts: deeData.attempts.map((a) => ({ ...a, labId: 'our-quiz' })) }),
  );
  // Eve handed in a file with her name and no answer yet: listed, as not started anywhere.
  const eve = join(dir, 'eve.json');
  await writeFile(
    eve,
    JSON.stringify({ ...progressOf(sme, { name: 'Eve', id: 'eve-5' }, {}), attempts: [] }),
  );

  await app.open('#/labs');
  await page.getByRole('link', { name: 'Grade a class' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Grade a class' })).toBeVisible();
  await expect(page).toHaveTitle('Grade a class · Flushpoint');

  // Cancelled: nothing is graded, and it says so.
  const open = page.getByRole('button', { name: 'Open progress files…' });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('No file was chosen.');
  await expect(page.getByRole('button', { name: 'Save scores as CSV…' })).toHaveCount(0);

  app.progressFiles.push(ada, cut, bo, dee, eve);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Graded 4 files; 1 file could not be graded.');
  await expect(page.locator('.problems')).toContainText(`${cut}: not valid JSON: it ends too soon`);
  await expect(page.getByText('Answers to labs this app does not have, not graded:')).toBeVisible();
  await expect(page.locator('.notice li')).toHaveText([
    'our-quiz, in dee.json',
    'eve.json: no attempts: this student answered no exercise yet; listed with 0 in each lab the class worked on (2 labs)',
  ]);

  // The scores: one row per student, a column per lab the class worked on, a dash where not started.
  const scores = page.getByRole('table', { name: 'Scores by student and lab' });
  await expect(scores.getByRole('columnheader')).toHaveText(['Student', why.title, sme.title, 'Total']);
  const adaRow = scores.getByRole('row', { name: /^Ada/ });
  // (A cell's text runs the score into the count below it: "6 / 25" then "2 of 9 solved". Points as
  // Results shows them, trailing zeros dropped; the CSV keeps two decimals, below.)
  await expect(adaRow.getByRole('cell')).toHaveText([
    '—',
    `6 / 252 of ${solvable(sme)} solved`,
    `6 / ${points(why) + points(sme)}`,
  ]);
  // Dee's file is listed too: not started in the labs here, her answers to another not graded, and why.
  await expect(scores.getByRole('row', { name: /^Dee \(dee-4\) dee\.json/ }).getByRole('cell')).toHaveText([
    '—',
    '—',
    `0 / ${points(why) + points(sme)}our-quiz: lab not among the labs graded with: not graded`,
  ]);
  // Eve's file has no attempts: a dash in every lab, 0 in the total (the CSV lists her with 0, below).
  await expect(scores.getByRole('row', { name: /^Eve/ }).getByRole('cell')).toHaveText([
    '—',
    '—',
    `0 / ${points(why) + points(sme)}`,
  ]);
  const boRow = scores.getByRole('row', { name: /^Bo/ });
  await expect(boRow.getByRole('cell').nth(1)).toHaveText(`2 / 251 of ${solvable(sme)} solved`);

  // The class per exercise, with what the wrong answer believed and in how many students: among the
  // students the scores list in the lab, Eve (no attempts) too, at 0, as `flushpoint grade` counts them.
  const perSme = page.getByRole('table', { name: `${sme.title}: the class per exercise` });
  const who = perSme.getByRole('row', { name: /^Which CPU runs relocate_kernel/ });
  await expect(who.getByRole('cell').nth(1)).toHaveText('2 of 3');
  await expect(who.getByRole('cell').nth(2)).toHaveText('2');
  await expect(who.getByRole('cell').nth(3)).toHaveText('1.33 / 2');
  await expect(who.getByRole('cell').nth(4)).toHaveText(/\(1\)$/);
  await expect(page.getByText(/^3 students: 2 worked on this lab, 1 not started anywhere/)).toBeVisible();
  // Those who started other labs only are not among them, and the line says how many.
  await expect(
    page.getByText(/^2 students: .*; not counted here: 2 students who started other labs but not this one/),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: `${why.title}: the class per exercise` })).toContainText(
    '1 of 2',
  );

  // Each student, one exercise at a time: Bo's wrong try first, then the right answer.
  await page.getByText(/^Bo \(bo-2\): 4 \/ \d+$/).click();
  const boSmeTable = page.getByRole('table', { name: sme.title, exact: true }).filter({ visible: true });
  const boWho = boSmeTable.getByRole('row', { name: /^Which CPU runs relocate_kernel/ });
  await expect(boWho.getByRole('cell')).toHaveText([
    '2',
    '2 / 2',
    'solved',
    'The CPU that ran kexec -e is the one that runs relocate_kernel',
  ]);
  await expect(boSmeTable.getByRole('row', { name: /^The order of an SME kexec/ })).toContainText(
    'not tried',
  );
  // An explain exercise not answered says so in the words the student's Results use.
  const explainTitle = sme.exercises.find((e) => e.kind === 'explain')?.title ?? '';
  await expect(boSmeTable.getByRole('row', { name: explainTitle }).getByRole('cell').nth(2)).toHaveText(
    'not answered',
  );

  // Saved where the save dialog says (the harness: the exports folder), the columns and rows of
  // flushpoint grade: every file, Dee's answers too, not graded (empty figures, and why), never dropped.
  await page.getByRole('button', { name: 'Save scores as CSV…' }).focus();
  await page.keyboard.press('Enter');
  const saved = join(app.userDataDir, 'exports', 'flushpoint-scores.csv');
  await expect(page.getByRole('status')).toHaveText(`Saved to ${saved}.`);
  const savedText = await readFile(saved, 'utf8');
  // A UTF-8 byte order mark first, for Excel; the rest is the CSV.
  expect(savedText.startsWith('\uFEFF')).toBe(true);
  const csv = savedText.slice(1).trim().split('\n');
  expect(csv[0]).toBe('file,student,student_id,lab,score,max,solved,exercises,notes');
  expect(csv.slice(1).sort()).toEqual(
    [
      // Every lab graded has a row for every student: Ada did not start lab 1.
      `${ada},Ada,ada-1,${why.id},0.00,${points(why)},0,${solvable(why)},not started`,
      `${ada},Ada,ada-1,${sme.id},6.00,25,2,${solvable(sme)},`,
      `${bo},Bo,bo-2,${why.id},${why.exercises.find((e) => e.id === 'any-order')?.points.toFixed(2)},${points(why)},1,${solvable(why)},`,
      `${bo},Bo,bo-2,${sme.id},2.00,25,1,${solvable(sme)},`,
      `${eve},Eve,eve-5,${why.id},0.00,${points(why)},0,${solvable(why)},no attempts in this file`,
      `${eve},Eve,eve-5,${sme.id},0.00,25,0,${solvable(sme)},no attempts in this file`,
      `${dee},Dee,dee-4,${why.id},0.00,${points(why)},0,${solvable(why)},not started`,
      `${dee},Dee,dee-4,${sme.id},0.00,25,0,${solvable(sme)},not started`,
      `${dee},Dee,dee-4,our-quiz,,,,,lab not among the labs graded with: not graded`,
      // Cy's file, cut short, cannot be read at all: a row of its own, so the CSV alone shows it came in.
      `${cut},(no name),(no id),,,,,,not graded: not valid JSON: it ends too soon (cut short?)`,
    ].sort(),
  );
  // By exercise too: Dee's row, no figures.
  await page.getByRole('button', { name: 'Save by exercise as CSV…' }).focus();
  await page.keyboard.press('Enter');
  const perExercise = join(app.userDataDir, 'exports', 'flushpoint-by-exercise.csv');
  await expect(page.getByRole('status')).toHaveText(`Saved to ${perExercise}.`);
  const perLines = (await readFile(perExercise, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  expect(perLines[0]).toBe(
    'file,student,student_id,lab,exercise,title,kind,attempts,score,points,solved,solution_shown,misconceptions,notes',
  );
  expect(perLines).toContain(
    `${dee},Dee,dee-4,our-quiz,,,,,,,,,,lab not among the labs graded with: not graded`,
  );
  expect(perLines).toContain(
    `${cut},(no name),(no id),,,,,,,,,,,not graded: not valid JSON: it ends too soon (cut short?)`,
  );

  // The gradebook: one row per student, a cell per lab (the score, or not started), total, max, notes.
  const anyOrder = why.exercises.find((e) => e.id === 'any-order')?.points ?? NaN;
  const all = points(why) + points(sme);
  const left = wideLeftOut(['our-quiz']);
  await page.getByRole('button', { name: 'Save scores per lab as CSV…' }).focus();
  await page.keyboard.press('Enter');
  const wide = join(app.userDataDir, 'exports', 'flushpoint-scores-per-lab.csv');
  await expect(page.getByRole('status')).toHaveText(`Saved to ${wide}.`);
  expect((await readFile(wide, 'utf8')).split('\n')).toEqual([
    // Dee's quiz is a lab this app does not have: its column says so, and total and max leave it out.
    `\uFEFF` + `file,student,student_id,${why.id},${sme.id},our-quiz,total,max,notes`,
    `${ada},Ada,ada-1,not started,6.00,not started,6.00,${all},${left}`,
    `${bo},Bo,bo-2,${anyOrder.toFixed(2)},2.00,not started,${(anyOrder + 2).toFixed(2)},${all},${left}`,
    `${dee},Dee,dee-4,not started,not started,not graded,0.00,${all},${left}; our-quiz: lab not among the labs graded with: not graded`,
    `${eve},Eve,eve-5,not started,not started,not started,0.00,${all},${left}; no attempts in this file`,
    `${cut},(no name),(no id),,,,,,not graded: not valid JSON: it ends too soon (cut short?)`,
    '',
  ]);

  // Labs graded, by keyboard: lab 1 left out of the figures and the CSVs; then taken in again.
  const labsGraded = page.getByRole('group', { name: 'Labs graded' });
  const whyBox = labsGraded.getByRole('checkbox', { name: why.title });
  await expect(labsGraded.getByRole('checkbox')).toHaveCount(2);
  await whyBox.focus();
  await page.keyboard.press('Space');
  await expect(whyBox).not.toBeChecked();
  await expect(scores.getByRole('columnheader')).toHaveText(['Student', sme.title, 'Total']);
  await expect(page.getByRole('table', { name: `${why.title}: the class per exercise` })).toHaveCount(0);
  await expect(adaRow.getByRole('cell')).toHaveText([`6 / 252 of ${solvable(sme)} solved`, '6 / 25']);
  await page.getByRole('button', { name: 'Save scores per lab as CSV…' }).focus();
  await page.keyboard.press('Enter');
  // The same file saved again: its status reads as before, so the file itself is waited for.
  await expect
    .poll(async () => (await readFile(wide, 'utf8')).split('\n')[0])
    .toBe(`\uFEFFfile,student,student_id,${sme.id},our-quiz,total,max,notes`);
  const onlySme = (await readFile(wide, 'utf8')).split('\n');
  expect(onlySme[2]).toBe(`${bo},Bo,bo-2,2.00,not started,2.00,25,${left}`);
  // None chosen: said, not every student shown as having answered nothing.
  const smeBox = labsGraded.getByRole('checkbox', { name: sme.title });
  await smeBox.focus();
  await page.keyboard.press('Space');
  await expect(
    page.getByText('No lab is chosen under Labs graded: tick one to see its scores.'),
  ).toBeVisible();
  await expect(scores).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(smeBox).toBeChecked();
  await whyBox.focus();
  await page.keyboard.press('Space');
  await expect(whyBox).toBeChecked();
  await expect(scores.getByRole('columnheader')).toHaveText(['Student', why.title, sme.title, 'Total']);

  // Print… opens the system's print dialog (window.print, watched here: a test cannot answer the dialog).
  await page.evaluate(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => void w.printed++;
  });
  await page.getByRole('button', { name: 'Print…' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  // On paper: the grades, light, without the buttons and the explanations of the screen.
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await expect(page.getByRole('button', { name: 'Open progress files…' })).toBeHidden();
  await expect(page.getByText('Nothing leaves this computer.')).toBeHidden();
  await expect(scores).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
    'rgb(255, 255, 255)',
  );
  await page.emulateMedia({ media: 'screen' });

  await mkdir(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoAxeViolations(page, `Grade a class, ${scheme}`);
    await page.screenshot({ path: join(SHOTS, `grade-${scheme}.png`), fullPage: true });
  }
});

test('two files of different students with the same attempts are marked "copied?", said to a screen reader too', async ({
  page,
  app,
}) => {
  const sme = await loadLab(LABS, '02-sme-two-wbinvds');
  const dir = join(app.userDataDir, 'class');
  await mkdir(dir, { recursive: true });
  const ada = join(dir, 'ada.json');
  const fay = join(dir, 'fay.json');
  const gus = join(dir, 'gus.json');
  const adaData = progressOf(sme, { name: 'Ada', id: 'ada-1' }, { 'who-runs-relocate': 'right' });
  await writeFile(ada, JSON.stringify(adaData));
  // Fay handed in Ada's file with her own name and id.
  await writeFile(fay, JSON.stringify({ ...adaData, profile: { name: 'Fay', id: 'fay-6' } }));
  await writeFile(
    gus,
    JSON.stringify(progressOf(sme, { name: 'Gus', id: 'gus-7' }, { 'who-runs-relocate': 'right' })),
  );
  app.progressFiles.push(ada, fay, gus);
  await app.open('#/grade');
  await page.getByRole('button', { name: 'Open progress files…' }).click();
  await expect(page.getByRole('status')).toHaveText('Graded 3 files.');
  const scores = page.getByRole('table', { name: 'Scores by student and lab' });
  // The badge and what it means, in the row header's accessible name.
  await expect(scores.getByRole('rowheader', { name: /^Fay/ })).toHaveAccessibleName(
    /^Fay \(fay-6\) copied\? This file holds the same attempts as ada\.json, to the letter\. fay\.json$/,
  );
  await expect(scores.getByRole('rowheader', { name: /^Ada/ })).toContainText('copied?');
  await expect(scores.getByRole('rowheader', { name: /^Gus/ })).not.toContainText('copied?');
  await expect(
    page.locator('.notice').filter({ hasText: 'Files that hold the same attempts' }),
  ).toContainText('ada.json, fay.json: 1 attempt');
  // Said once, in that notice: the other warnings keep Fay's variant seeds, not the copy again.
  const others = page.locator('.notice').filter({ hasText: 'worth a look' });
  await expect(others).toContainText('were not made for student id "fay-6"');
  await expect(others).not.toContainText('to the letter (ids and times too)');
  await page.setViewportSize({ width: 1280, height: 720 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoAxeViolations(page, `Grade a class, copied, ${scheme}`);
    await page.screenshot({ path: join(SHOTS, `grade-copied-${scheme}.png`) });
  }
});
