/**
 * `flushpoint grade PROGRESS.json... [--labs DIR]... [--json|--csv]`: re-grades students' exported progress
 * files offline by running the model; stored scores are never trusted. A bad file is reported and skipped.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { grade, type Answer } from '../lab/grade.ts';
import { makeInstance } from '../lab/keys.ts';
import { parseProgress } from '../lab/progress/schema.ts';
import type { Lab } from '../lab/types.ts';
import { loadLabs } from '../node/labs/load.ts';
import { describeJsonError } from '../lab/json-error.ts';

const USAGE = 'usage: flushpoint grade PROGRESS.json... [--labs DIR]... [--json|--csv]';

interface Row {
  file: string;
  student: string;
  studentId: string;
  lab: string;
  score: number;
  max: number;
  solved: number;
  exercises: number;
}

/** Exit 0 when every file was graded, 1 when some could not be read, 2 on bad arguments. */
export async function runGrade(args: string[]): Promise<number> {
  const files: string[] = [];
  // Several --labs: the app's labs and an instructor's own, a later folder's lab replacing an earlier one.
  const labsDirs: string[] = [];
  let format: 'table' | 'json' | 'csv' = 'table';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') format = 'json';
    else if (a === '--csv') format = 'csv';
    else if (a === '--labs') {
      const v = args[++i];
      if (!v) return usage('--labs needs a folder');
      labsDirs.push(v);
    } else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) return usage('no progress file given');
  const byId = new Map<string, Lab>();
  for (const dir of labsDirs.length ? labsDirs : ['labs']) {
    const { labs, errors } = await loadLabs(resolve(dir));
    for (const e of errors)
      process.stderr.write(`warning: lab ${e.lab} is broken (${e.message}); its attempts are not graded\n`);
    for (const lab of labs) byId.set(lab.id, lab);
  }
  const rows: Row[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      rows.push(...(await gradeFile(file, byId)));
    } catch (err) {
      failed++;
      process.stderr.write(`${file}: ${(err as Error).message}\n`);
    }
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (format === 'csv') {
    process.stdout.write('file,student,student_id,lab,score,max,solved,exercises\n');
    for (const r of rows)
      process.stdout.write(
        `${[r.file, r.student, r.studentId, r.lab, r.score.toFixed(2), r.max, r.solved, r.exercises].map(csv).join(',')}\n`,
      );
  } else {
    for (const r of rows)
      process.stdout.write(
        `${r.student} (${r.studentId})  ${r.lab.padEnd(28)} ${r.score.toFixed(2).padStart(6)} / ${r.max}  solved ${r.solved}/${r.exercises}\n`,
      );
  }
  return failed ? 1 : 0;
}

function usage(msg: string): number {
  process.stderr.write(`flushpoint grade: ${msg}\n${USAGE}\n`);
  return 2;
}

const csv = (v: string | number) =>
  /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);

async function gradeFile(file: string, labs: Map<string, Lab>): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${describeJsonError(text)}`, { cause: err });
  }
  const parsed = parseProgress(data);
  if (!parsed.ok) throw new Error(`not a progress file: ${parsed.error}`);
  const { profile, attempts } = parsed.value;
  const rows: Row[] = [];
  for (const lab of labs.values()) {
    let score = 0;
    let max = 0;
    let solved = 0;
    for (const ex of lab.exercises) {
      max += ex.points;
      const mine = attempts.filter((a) => a.labId === lab.id && a.exerciseId === ex.id);
      let best = 0;
      let wrong = 0;
      let ok = false;
      for (const a of mine) {
        // The solution was shown: nothing after it counts (attempts are stored in order).
        if (a.solutionShown) break;
        try {
          const g = grade(makeInstance(ex, a.variantSeed), a.answer as Answer, {
            wrongTries: wrong,
            hintsUsed: a.hintsUsed,
          });
          best = Math.max(best, g.score);
          if (g.correct) ok = true;
          else wrong++;
        } catch {
          wrong++;
        }
      }
      score += best;
      if (ok) solved++;
    }
    if (attempts.some((a) => a.labId === lab.id)) {
      rows.push({
        file,
        student: profile?.name ?? '(no name)',
        studentId: profile?.id ?? '(no id)',
        lab: lab.id,
        score,
        max,
        solved,
        exercises: lab.exercises.length,
      });
    }
  }
  return rows;
}
