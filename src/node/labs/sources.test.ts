import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edit, FIXTURE_ID, writeFixture } from '../test-lab-fixture.ts';
import { loadAllLabs, loadLabFrom } from './sources.ts';

const SHIPPED = join(import.meta.dirname, '..', '..', '..', 'labs');

/** A copy of a shipped lab under a new id and title, in `dir`. */
function handOut(dir: string, from: string, id: string, title: string): string {
  const target = join(dir, id);
  cpSync(join(SHIPPED, from), target, { recursive: true });
  const file = join(target, 'lab.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^title: .*$/m, `title: ${title}`),
  );
  return file;
}

describe('labs from the app and from an instructor', () => {
  it('are the app’s alone when there is no instructor folder', async () => {
    const folders = { app: SHIPPED, instructor: join(mkdtempSync(join(tmpdir(), 'fp-labs-')), 'labs') };
    const { labs, errors } = await loadAllLabs(folders);
    expect(errors).toEqual([]);
    expect(labs.length).toBeGreaterThanOrEqual(6);
    expect(new Set(labs.map((l) => l.source))).toEqual(new Set(['app']));
  });

  it('adds a handed-out lab, lets one with a shipped id replace it, and lists a broken one with its file', async () => {
    const instructor = join(mkdtempSync(join(tmpdir(), 'fp-labs-')), 'labs');
    mkdirSync(instructor);
    handOut(instructor, '02-sme-two-wbinvds', 'class-sme-quiz', 'Class quiz on SME');
    handOut(instructor, '01-why-flush', '01-why-flush', 'Why flush at all (our version)');
    const broken = handOut(instructor, '03-supported-vs-active', 'class-broken', 'Broken');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('kind: choose', 'kind: guess'));

    const folders = { app: SHIPPED, instructor };
    const { labs, errors } = await loadAllLabs(folders);
    const byId = new Map(labs.map((l) => [l.id, l]));
    expect(byId.get('class-sme-quiz')).toMatchObject({ source: 'instructor', title: 'Class quiz on SME' });
    expect(byId.get('01-why-flush')).toMatchObject({
      source: 'instructor',
      title: 'Why flush at all (our version)',
    });
    expect(byId.get('02-sme-two-wbinvds')?.source).toBe('app');
    expect(labs.filter((l) => l.id === '01-why-flush')).toHaveLength(1);
    expect(byId.has('class-broken')).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.lab === 'class-broken' && e.file === broken)).toBe(true);

    expect(await loadLabFrom(folders, '01-why-flush')).toMatchObject({ source: 'instructor' });
    expect(await loadLabFrom(folders, '02-sme-two-wbinvds')).toMatchObject({ source: 'app' });
    await expect(loadLabFrom(folders, 'class-broken')).rejects.toThrow(/class-broken\/lab.yaml/);
  });

  it('an instructor lab with a bad range bound, or a file named lab.yml, is listed with its error; the rest load', async () => {
    const instructor = join(mkdtempSync(join(tmpdir(), 'fp-labs-')), 'labs');
    mkdirSync(instructor);
    const bound = writeFixture(instructor, (t) =>
      edit(t, 'c: { range: [1, 3] }', "c: { range: [1, 'c*2'] }"),
    );
    const yml = writeFixture(instructor, undefined, 'lab.yml', '08-misnamed');
    writeFixture(instructor, undefined, 'lab.yaml', '09-sound');
    const { labs, errors } = await loadAllLabs({ app: SHIPPED, instructor });
    expect(labs.find((l) => l.id === '09-sound')?.source).toBe('instructor');
    expect(labs.some((l) => l.id === FIXTURE_ID || l.id === '08-misnamed')).toBe(false);
    expect(errors).toEqual([
      expect.objectContaining({ lab: FIXTURE_ID, file: bound, field: 'exercises[0].params.c' }),
      expect.objectContaining({
        lab: '08-misnamed',
        file: yml,
        message: expect.stringMatching(/rename lab\.yml to lab\.yaml$/),
      }),
    ]);
  });

  it('a folder of a shipped id with no lab.yaml (empty, or the lab one level too deep) replaces nothing: listed with its error, and the shipped lab lists and opens', async () => {
    for (const nest of [false, true]) {
      const instructor = join(mkdtempSync(join(tmpdir(), 'fp-labs-')), 'labs');
      mkdirSync(join(instructor, '02-sme-two-wbinvds'), { recursive: true });
      if (nest)
        handOut(join(instructor, '02-sme-two-wbinvds'), '02-sme-two-wbinvds', '02-sme-two-wbinvds', 'Deep');
      const folders = { app: SHIPPED, instructor };
      const { labs, errors } = await loadAllLabs(folders);
      expect(labs.find((l) => l.id === '02-sme-two-wbinvds')?.source).toBe('app');
      expect(errors).toEqual([
        expect.objectContaining({
          lab: '02-sme-two-wbinvds',
          file: join(instructor, '02-sme-two-wbinvds'),
          message: nest
            ? expect.stringContaining('move the contents of')
            : expect.stringMatching(/^holds no lab\.yaml/),
        }),
      ]);
      // It was listed from the app: it opens from the app (it failed with ENOENT).
      expect(await loadLabFrom(folders, '02-sme-two-wbinvds')).toMatchObject({
        source: 'app',
        title: expect.any(String),
      });
    }
  });

  it('a new lab one level too deep is listed with what to do, and opening it says the same', async () => {
    const instructor = join(mkdtempSync(join(tmpdir(), 'fp-labs-')), 'labs');
    mkdirSync(join(instructor, '07-mine'), { recursive: true });
    handOut(join(instructor, '07-mine'), '02-sme-two-wbinvds', '07-mine', 'Mine');
    const folders = { app: SHIPPED, instructor };
    const { labs, errors } = await loadAllLabs(folders);
    expect(labs.some((l) => l.id === '07-mine')).toBe(false);
    expect(errors).toEqual([
      expect.objectContaining({
        lab: '07-mine',
        message: expect.stringContaining('move the contents of 07-mine/07-mine up into 07-mine'),
      }),
    ]);
    await expect(loadLabFrom(folders, '07-mine')).rejects.toThrow(
      /07-mine: \(folder\): holds no lab\.yaml, but 07-mine\/07-mine does/,
    );
  });

  it('a broken instructor copy of a shipped id replaces it in the list and when opened alike', async () => {
    const instructor = join(mkdtempSync(join(tmpdir(), 'fp-labs-')), 'labs');
    mkdirSync(instructor);
    const file = handOut(instructor, '02-sme-two-wbinvds', '02-sme-two-wbinvds', 'Ours');
    writeFileSync(file, 'id: [\n');
    const folders = { app: SHIPPED, instructor };
    const { labs, errors, replacedByBroken } = await loadAllLabs(folders);
    expect(labs.some((l) => l.id === '02-sme-two-wbinvds')).toBe(false);
    expect(errors).toEqual([expect.objectContaining({ lab: '02-sme-two-wbinvds', file, line: 1 })]);
    // The student is told which lab went, by its title.
    expect(replacedByBroken).toEqual([
      { id: '02-sme-two-wbinvds', title: expect.stringMatching(/\w/) as string },
    ]);
    await expect(loadLabFrom(folders, '02-sme-two-wbinvds')).rejects.toThrow(`${file}:1: (syntax)`);
  });
});
