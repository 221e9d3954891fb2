/**
 * Lab engine figures: building and grading one exercise instance (its simulation included), per kind,
 * and `labs check` over every lab. Targets (issue 3): under 5 ms per instance, under 10 s for the check.
 * Then a class graded as "Grade a class" and `flushpoint grade` do it (in main's process, for the app).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkLab } from '../src/lab/check.ts';
import { grade, referenceAnswer } from '../src/lab/grade.ts';
import { makeInstance } from '../src/lab/keys.ts';
import { progressOf, type Plan } from '../src/lab/progress/fixture.ts';
import type { Lab } from '../src/lab/types.ts';
import { gradeFiles } from '../src/node/grade-files.ts';
import { loadLabs } from '../src/node/labs/load.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;

export async function benchLabs(): Promise<void> {
  const dir = resolve(import.meta.dirname, '..', 'labs');
  const t0 = performance.now();
  const { labs, errors } = await loadLabs(dir);
  const loadMs = performance.now() - t0;
  console.log(`\n== Lab engine (${labs.length} labs, ${errors.length} load errors) ==`);
  console.log(`load + validate all labs: ${loadMs.toFixed(0)} ms`);

  const byKind = new Map<string, number[]>();
  for (const lab of labs)
    for (const ex of lab.exercises)
      for (let seed = 0; seed < 20; seed++) {
        const s = performance.now();
        const inst = makeInstance(ex, seed * 7919 + 1);
        grade(inst, referenceAnswer(inst), { wrongTries: 0, hintsUsed: 0 });
        const ms = performance.now() - s;
        byKind.set(ex.kind, [...(byKind.get(ex.kind) ?? []), ms]);
      }
  const all = [...byKind.values()].flat();
  console.log('grade one instance (build + simulate + grade), target < 5 ms:');
  for (const [kind, xs] of byKind)
    console.log(
      `  ${kind.padEnd(9)} n=${String(xs.length).padStart(4)}  median ${median(xs).toFixed(2)} ms  p95 ${p95(xs).toFixed(2)} ms`,
    );
  console.log(
    `  all       n=${String(all.length).padStart(4)}  median ${median(all).toFixed(2)} ms  p95 ${p95(all).toFixed(2)} ms`,
  );

  const c0 = performance.now();
  let variants = 0;
  let problems = 0;
  for (const lab of labs) {
    const r = checkLab(lab);
    variants += r.variantsChecked;
    problems += r.problems.length;
  }
  const checkMs = performance.now() - c0 + loadMs;
  console.log(
    `labs check (load + every variant replayed): ${(checkMs / 1000).toFixed(2)} s for ${variants} variants, ${problems} problems; target < 10 s`,
  );

  await benchClass(labs, 40);
  await benchLongFile(labs, 10_000);
}

/**
 * One progress file with `tries` wrong tries at one exercise: far more than a student makes, but a file
 * handed in may hold anything up to its size limit, and one slow file holds up the class's grading.
 */
async function benchLongFile(labs: Lab[], tries: number): Promise<void> {
  const lab = labs.find((l) => l.exercises.some((e) => e.kind === 'choose')) as Lab;
  const ex = lab.exercises.find((e) => e.kind === 'choose') as Lab['exercises'][number];
  const student = { name: 'Long', id: 'long-1' };
  const one = progressOf(lab, student, { [ex.id]: 'wrong' });
  const first = one.attempts[0] as (typeof one.attempts)[number];
  const attempts = Array.from({ length: tries }, (_, i) => ({ ...first, id: `long-${i}` }));
  const file = join(mkdtempSync(join(tmpdir(), 'fp-bench-long-')), 'long.json');
  writeFileSync(file, JSON.stringify({ ...one, attempts }));
  const t0 = performance.now();
  await gradeFiles([file], new Map(labs.map((l) => [l.id, l])));
  const ms = performance.now() - t0;
  console.log(`grade one file of ${tries} wrong tries at one exercise: ${ms.toFixed(0)} ms`);
}

/** `students` progress files, every exercise of every lab answered (a wrong try first on each choose). */
async function benchClass(labs: Lab[], students: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fp-bench-class-'));
  const files: string[] = [];
  let attempts = 0;
  for (let i = 0; i < students; i++) {
    const student = { name: `Student ${i}`, id: `student-${i}` };
    const all = labs.flatMap((lab) => {
      const plans: Record<string, Plan> = {};
      for (const ex of lab.exercises) plans[ex.id] = ex.kind === 'choose' ? 'wrong-then-right' : 'right';
      return progressOf(lab, student, plans).attempts;
    });
    attempts += all.length;
    const file = join(dir, `${student.id}.json`);
    writeFileSync(file, JSON.stringify({ ...progressOf(labs[0] as Lab, student, {}), attempts: all }));
    files.push(file);
  }
  const byId = new Map(labs.map((l) => [l.id, l]));
  const t0 = performance.now();
  const g = await gradeFiles(files, byId);
  const ms = performance.now() - t0;
  console.log(
    `grade a class: ${g.files.length} progress files, ${attempts} attempts, every exercise of ${labs.length} labs: ${ms.toFixed(0)} ms (${(ms / students).toFixed(1)} ms per student)`,
  );
}
