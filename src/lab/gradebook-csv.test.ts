/** The CSVs `flushpoint grade` and "Grade a class" write: names from students' files escaped, the gradebook's cells. */
import { describe, expect, it } from 'vitest';
import {
  csvLine,
  NO_ATTEMPTS,
  NOT_STARTED,
  wideCsv,
  wideLeftOut,
  type LabRow,
  type UngradedRow,
} from './class-grade.ts';

const row = (over: Partial<LabRow>): LabRow => ({
  file: 'a.json',
  student: 'Ada',
  studentId: 'ada',
  lab: 'l1',
  score: 1,
  max: 10,
  solved: 1,
  exercises: 3,
  notes: [],
  ...over,
});

describe('a CSV field', () => {
  it.each([
    ['a comma', 'Lovelace, Ada', '"Lovelace, Ada"'],
    ['a quote', 'Ada "the" first', '"Ada ""the"" first"'],
    ['a line break', 'Ada\nEvil,row', '"Ada\nEvil,row"'],
    ['a carriage return', 'Ada\rx', '"Ada\rx"'],
    ['a formula (=)', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['a formula (+)', '+1+2', "'+1+2"],
    ['a formula (-)', '-2+3', "'-2+3"],
    ['a formula (@)', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', "'\t=1"],
  ])('with %s is quoted or neutralised', (_, value, written) => {
    expect(csvLine([value])).toBe(`${written}\n`);
  });

  it('numbers are written as they are (a negative one too), and null as an empty field', () => {
    expect(csvLine([-1, 2.5, null, 'x'])).toBe('-1,2.5,,x\n');
  });
});

describe('the gradebook (wideCsv)', () => {
  const labs = [
    { lab: 'l1', max: 10 },
    { lab: 'l2', max: 5 },
  ];

  it("a cell per lab: the score, not started, not graded; the total of the scores and every lab's max", () => {
    const rows: (LabRow | UngradedRow)[] = [
      row({ score: 4 }),
      row({ lab: 'l2', score: 0, max: 5, solved: 0, notes: [NOT_STARTED] }),
      row({
        file: 'b.json',
        student: '=cmd|x',
        studentId: 'b',
        lab: 'l1',
        score: 2.5,
        notes: ['no profile'],
      }),
      {
        file: 'b.json',
        student: '=cmd|x',
        studentId: 'b',
        lab: 'l2',
        score: null,
        max: null,
        solved: null,
        exercises: null,
        notes: ['lab cannot be loaded: not graded'],
      },
      row({ file: 'c.json', student: 'Cy', studentId: 'c', score: 0, solved: 0, notes: [NO_ATTEMPTS] }),
      row({
        file: 'c.json',
        student: 'Cy',
        studentId: 'c',
        lab: 'l2',
        score: 0,
        max: 5,
        notes: [NO_ATTEMPTS],
      }),
    ];
    expect(wideCsv(rows, labs).split('\n')).toEqual([
      'file,student,student_id,l1,l2,total,max,notes',
      'a.json,Ada,ada,4.00,not started,4.00,15,',
      // A name that is a formula is neutralised; a note of one lab names it.
      "b.json,'=cmd|x,b,2.50,not graded,2.50,15,l1: no profile; l2: lab cannot be loaded: not graded",
      // A note every row of the file has is said once.
      `c.json,Cy,c,not started,not started,0.00,15,${NO_ATTEMPTS}`,
      '',
    ]);
  });

  it('a lab answered but not graded (broken, or not among the labs given) keeps a column; total and max say they leave it out', () => {
    const lost = (file: string, lab: string, note: string): UngradedRow => ({
      file,
      student: file,
      studentId: file,
      lab,
      score: null,
      max: null,
      solved: null,
      exercises: null,
      notes: [note],
    });
    const rows: (LabRow | UngradedRow)[] = [
      row({ score: 4 }),
      lost('a.json', 'mine', 'lab cannot be loaded: not graded'),
      row({ file: 'b.json', student: 'Bo', studentId: 'b', score: 2 }),
      lost('c.json', 'other', 'lab not among the labs graded with: not graded'),
      lost('d.json', '', 'not graded: not valid JSON'),
    ];
    // Only l1 is graded here: the broken lab and the one not given come after it, in the order met.
    const lines = wideCsv(rows, [{ lab: 'l1', max: 10 }]).split('\n');
    const left = wideLeftOut(['mine', 'other']);
    expect(left).toBe('total and max leave out mine, other (not graded)');
    expect(lines).toEqual([
      'file,student,student_id,l1,mine,other,total,max,notes',
      `a.json,Ada,ada,4.00,not graded,not started,4.00,10,"${left}; mine: lab cannot be loaded: not graded"`,
      `b.json,Bo,b,2.00,not started,not started,2.00,10,"${left}"`,
      // No figures at all: nothing known of any lab, and no total to leave anything out of.
      'c.json,c.json,c.json,,,not graded,,,lab not among the labs graded with: not graded',
      'd.json,d.json,d.json,,,,,,not graded: not valid JSON',
      '',
    ]);
  });

  it('a file that could not be graded at all: empty cells, total and max, and why', () => {
    const ungraded: UngradedRow = {
      file: 'bad.json',
      student: '(no name)',
      studentId: '(no id)',
      lab: '',
      score: null,
      max: null,
      solved: null,
      exercises: null,
      notes: ['not graded: not valid JSON'],
    };
    expect(wideCsv([ungraded], labs).split('\n')[1]).toBe(
      'bad.json,(no name),(no id),,,,,not graded: not valid JSON',
    );
  });
});
