/**
 * Lab validation as an instructor meets it: each mistake of a lab file is named at its line and field,
 * says what to do, and never throws (one broken lab must not stop the others from loading).
 */
import { describe, expect, it } from 'vitest';
import { edit, FIXTURE_ID, FIXTURE_YAML, fixture, fixtureLab, lineWith } from '../node/test-lab-fixture.ts';
import { parseLabYaml } from './parse.ts';
import type { LabError } from './types.ts';
import { proseProblems, validateLab, type LabSource } from './validate.ts';

const WHERE = "claim: { wbinvd: { cpu: '{{c}}', site: stop_this_cpu } }";

/** The errors of the fixture with `old` replaced by `replacement` (it must not load). */
function errorsOf(old: string, replacement: string): LabError[] {
  const r = fixtureLab((t) => edit(t, old, replacement));
  if (r.ok) throw new Error(`the edit ${JSON.stringify(replacement)} was accepted`);
  return r.errors;
}

describe('the fixture lab', () => {
  it('loads as written', () => {
    expect(fixture().exercises.map((e) => e.kind)).toEqual([
      'choose',
      'grid',
      'order',
      'predict',
      'find_bug',
      'explain',
    ]);
  });
});

describe('params: a bad bound is the params entry’s problem, at its line', () => {
  const line = lineWith(FIXTURE_YAML, 'c: { range: [1, 3] }');

  it.each([
    [
      "[1, 'c*2']",
      /^bound "c\*2" is neither a whole number nor an earlier parameter plus or minus a whole number: write e\.g\. 3, n or n-1$/,
    ],
    ['[1, three]', /^bound "three" names no parameter of this exercise \(three\): declare three before c/],
    ['[1, m-1]', /^bound "m-1" names no parameter of this exercise \(m\): declare m before c/],
    ['[1, c]', /^bound "c" names c itself/],
    ['[1, 2.5]', /^bound 2\.5 must be a whole number$/],
    ['[3, 1]', /^range \[3, 1\] is empty: its low bound is above its high bound \(write \[1, 3\]\)$/],
  ])('range %s', (range, message) => {
    const errors = errorsOf('c: { range: [1, 3] }', `c: { range: ${range} }`);
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'exercises[0].params.c',
        line,
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('a range empty for one value of the parameter it names says which', () => {
    const errors = errorsOf('c: { range: [1, 3] }', 'n: { values: [4, 1] }\n      c: { range: [1, n-1] }');
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'exercises[0].params.c',
        message: expect.stringMatching(/^range \[1, n-1\] is empty when n=1 \(from 1 to 0\)/),
      }),
    ]);
  });

  it('a bound naming a parameter declared after it says to declare that one first', () => {
    const errors = errorsOf('c: { range: [1, 3] }', 'c: { range: [1, n] }\n      n: { values: [3] }');
    expect(errors.map((e) => e.message)).toEqual([
      'bound "n" names n, which is declared after c: declare n before c in params',
    ]);
  });

  it('a bound may name an earlier parameter, spaces and all', () => {
    const lab = fixture((t) =>
      edit(t, 'c: { range: [1, 3] }', 'n: { values: [4] }\n      c: { range: [1, n - 1] }'),
    );
    expect(lab.exercises[0]?.params?.['c']).toEqual({ range: [1, 'n - 1'] });
  });
});

describe('{{names}} must be parameters of the exercise', () => {
  it('an undeclared one in a prompt is named, with the params there are', () => {
    const errors = errorsOf('A TDX host (v6.18), CPU {{c}} made', 'A TDX host (v6.18), CPU {{cpu}} made');
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'exercises[0].prompt',
        line: lineWith(FIXTURE_YAML, 'A TDX host (v6.18), CPU {{c}} made'),
        message:
          '{{cpu}} names no parameter of this exercise (its params: c) (did you mean c?): declare cpu under params, or fix the name',
      }),
    ]);
  });
});

describe("an expect where the key is not the author's", () => {
  it('with no options, only the options are refused (no "0 to -1" range for expect)', () => {
    const start = FIXTURE_YAML.indexOf('    options:\n      - text: In tdx_cpu_flush_cache_for_kexec()');
    const end = FIXTURE_YAML.indexOf('        misconception: tdx-flush-wrong-caller\n', start);
    const block = FIXTURE_YAML.slice(start, end + '        misconception: tdx-flush-wrong-caller\n'.length);
    const errors = errorsOf(block, '    options: []\n    expect: [0]\n');
    expect(errors.map((x) => x.field)).toEqual(['exercises[0].options']);
    expect(errors.map((x) => x.message).join()).not.toMatch(/-1/);
  });

  it('on a find_bug says its key is the drawn mutant, not the allowed keys', () => {
    const old = 'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]';
    const errors = errorsOf(old, `${old}\n    expect: 0`);
    expect(errors.map((x) => [x.field, x.message])).toEqual([
      [
        expect.stringMatching(/^exercises\[\d+\]\.expect$/),
        'a find_bug exercise has no expect: its key is the mutant each student draws (flushpoint labs keys lists them): remove it',
      ],
    ]);
  });
});

describe('claims are checked against the model’s names', () => {
  const line = lineWith(FIXTURE_YAML, WHERE);
  it.each([
    [
      "{ wbinvd: { cpu: '{{c}}', site: stop_this_cpuu } }",
      'claim.wbinvd.site',
      /^must be one of stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec, play_dead, kdump_sev_callback \(got "stop_this_cpuu"; did you mean stop_this_cpu\?\)$/,
    ],
    [
      "{ no_wbinvd: { cpu: '{{c}}', phase: syscore_shutdwn } }",
      'claim.no_wbinvd.phase',
      /^must be one of events, syscore_shutdown, stop_other_cpus, crash_shutdown, machine_kexec \(got "syscore_shutdwn"; did you mean syscore_shutdown\?\)$/,
    ],
    [
      "{ wbinvd: { cpu: '{{c}}', via: ipi } }",
      'claim.wbinvd.via',
      /^must be one of reboot_ipi, nmi, null \(got "ipi"/,
    ],
    [
      "{ wbinvd: { cpu: '{{c}}', sit: stop_this_cpu } }",
      'claim.wbinvd.sit',
      /^unknown key \(allowed: cpu, site, phase, via\)$/,
    ],
    ['{ wbinvd: 3 }', 'claim.wbinvd', /^must be a mapping \{ cpu\?, site\?, phase\?, via\? \} \(got 3\)$/],
    [
      "{ stopped: { cpu: '{{c}}', how: rebootipi } }",
      'claim.stopped.how',
      /^must be one of reboot_ipi, nmi, nmi_shootdown, offline \(got "rebootipi"; did you mean reboot_ipi\?\)/,
    ],
    [
      '{ stopped: { cpu: K, how: reboot_ipi } }',
      'claim.stopped.cpu',
      /^must be a CPU number \(got "K"\): K .* is read only in wbinvd, no_wbinvd, flag_at_start and step matches$/,
    ],
    [
      '{ outcome: jumpd }',
      'claim.outcome',
      /^must be one of jumped, load_refused, not_buildable \(got "jumpd"; did you mean jumped\?\)$/,
    ],
    [
      '{ relocate_flag: RELOC_KERNEL_CACHE_INCOHERNT }',
      'claim.relocate_flag',
      /^must be one of RELOC_KERNEL_PRESERVE_CONTEXT, RELOC_KERNEL_CACHE_INCOHERENT \(got "RELOC_KERNEL_CACHE_INCOHERNT"; did you mean RELOC_KERNEL_CACHE_INCOHERENT\?\)$/,
    ],
    [
      "{ flag_at_start: { cpu: '{{c}}', value: 'false' } }",
      'claim.flag_at_start.value',
      /^must be true or false \(got "false", a text: write it without quotes\)$/,
    ],
    ['{ flag_at_start: { cpu: 1 } }', 'claim.flag_at_start', /^needs value: write it as \{ cpu, value \}$/],
    ['{ race: one }', 'claim.race', /^must be a CPU number \(got "one"\)$/],
    ['{ corrupted: maybe }', 'claim.corrupted', /^must be true or false/],
    ['{ wbinvdd: { site: stop_this_cpu } }', 'claim', /one key \(got wbinvdd; did you mean wbinvd\?\)$/],
  ])('%s', (claim, field, message) => {
    expect(errorsOf(WHERE, `claim: ${claim}`)).toEqual([
      expect.objectContaining({
        field: `exercises[0].options[1].${field}`,
        line,
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('a value given by a parameter is checked in every variant, and the variant named', () => {
    const errors = fixtureLab((t) =>
      edit(
        edit(
          t,
          'c: { range: [1, 3] }',
          'c: { range: [1, 3] }\n      s: { values: [stop_this_cpu, stop_this_cpuu] }',
        ),
        WHERE,
        "claim: { wbinvd: { cpu: '{{c}}', site: '{{s}}' } }",
      ),
    );
    expect(errors.ok ? [] : errors.errors).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[1].claim.wbinvd.site',
        message: expect.stringMatching(
          /\(got "stop_this_cpuu"; did you mean stop_this_cpu\?\) when s=stop_this_cpuu$/,
        ),
      }),
    ]);
  });

  it('a step_before names its own mistakes rather than fail to build', () => {
    const errors = errorsOf(
      WHERE,
      'claim: { step_before: { frist: { fn: swap_pages }, then: { fnn: wbinvd } } }',
    );
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ['exercises[0].options[1].claim.step_before.frist', 'unknown key (allowed: first, then)'],
      ['exercises[0].options[1].claim.step_before', 'needs first: write it as { first: match, then: match }'],
      ['exercises[0].options[1].claim.step_before.then.fnn', 'unknown key (allowed: fn, kind, cpu, site)'],
    ]);
  });

  it('step matches: fn and kind are the model’s, with the nearest name', () => {
    const fn = errorsOf('match: { fn: kvm_shutdown }', 'match: { fn: kvm_shutdwn }');
    expect(fn).toEqual([
      expect.objectContaining({
        field: 'exercises[2].items[1].match.fn',
        line: lineWith(FIXTURE_YAML, 'match: { fn: kvm_shutdown }'),
        message: expect.stringMatching(
          /^names no step of the model \(got "kvm_shutdwn"; did you mean kvm_shutdown\?\): .*swap_pages/,
        ),
      }),
    ]);
    const kind = errorsOf('kind: decision, cpu: 2', 'kind: decison, cpu: 2');
    expect(kind).toEqual([
      expect.objectContaining({
        field: 'exercises[3].after.kind',
        message: expect.stringMatching(/\(got "decison"; did you mean decision\?\)$/),
      }),
    ]);
  });

  it('a grid lists each site once (a site twice would count its cells twice)', () => {
    const errors = errorsOf(
      'sites: [stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec]',
      'sites: [stop_this_cpu, relocate_kernel, stop_this_cpu]',
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        field: 'exercises[1].sites',
        message: 'lists stop_this_cpu twice: list each site once',
      }),
    );
  });

  it('grid phases are the model’s', () => {
    const errors = errorsOf(
      'sites: [stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec]',
      'sites: [stop_this_cpu, relocate_kernel, tdx_cpu_flush_cache_for_kexec]\n    phases: [syscore_shutdwn]',
    );
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'exercises[1].phases[0]',
        message: expect.stringMatching(
          /^must be one of events, syscore_shutdown, .* \(got "syscore_shutdwn"; did you mean syscore_shutdown\?\)$/,
        ),
      }),
    ]);
  });
});

describe('options name known facts and misconceptions, and predict options are checked like choose ones', () => {
  it('an unknown fact or misconception shows the nearest ids with what each says, and where all are', () => {
    const fact = errorsOf(WHERE, 'fact: tdx-from-stc');
    expect(fact[0]?.message).toMatch(
      /^unknown fact "tdx-from-stc" \(did you mean tdx-flush-from-stc \(false \[SRC\]: "tdx_cpu_flush_cache_for_kexec\(\) is called from stop_this_cpu\(\).*"\)\?\); others near it: tdx-flush-from-kvm \(true \[SRC\]: ".*; all \d+, each with its statement, truth and evidence: src\/lab\/facts\.ts$/,
    );
    const misc = errorsOf(
      'misconception: tdx-flush-wrong-caller\n    hints',
      'misconception: tdx-wrong-caller\n    hints',
    );
    expect(misc[0]?.message).toMatch(
      /^unknown misconception "tdx-wrong-caller" \(did you mean tdx-flush-wrong-caller \("tdx_cpu_flush_cache_for_kexec\(\) is called from stop_this_cpu\(\).*"\)\?\); others near it: .*; all \d+, each with its text: src\/lab\/misconceptions\.ts$/,
    );
    // Readable on one line: a few entries, not the catalogue.
    expect(fact[0]?.message.length).toBeLessThan(700);
    // An id near none: every id, as before, and where their texts are.
    expect(errorsOf(WHERE, 'fact: zzz')[0]?.message).toMatch(
      /^unknown fact "zzz": the ids \(src\/lab\/facts\.ts, each with its statement, truth and evidence\) are flag-is-per-cpu, /,
    );
  });

  it('a fact\'s did-you-mean shows its truth, and warns when it lacks the id\'s "no": it may be the opposite', () => {
    const [e] = errorsOf(WHERE, 'fact: kdump-remote-no-flush');
    expect(e?.message).toMatch(
      /^unknown fact "kdump-remote-no-flush" \(did you mean kdump-remotes-flush \(false \[SRC\]: "In kdump, remote CPUs run stop_this_cpu\(\) and flush"\)\? kdump-remotes-flush has no "no": it may say the opposite of what you mean\); others near it: kdump-remotes-no-stc \(true \[SRC\]: "In kdump, remote CPUs are stopped by crash_nmi_callback\(\)/,
    );
  });

  it('a predict option with a mistyped misconception, or an unknown key, is refused', () => {
    const predictMisc =
      'explain: Not on v6.18, the flag is clear.\n        misconception: tdx-flush-wrong-caller';
    expect(errorsOf(predictMisc, predictMisc.replace('tdx-flush-wrong-caller', 'tdx-wrong-caller'))).toEqual([
      expect.objectContaining({
        field: 'exercises[3].options[1].misconception',
        message: expect.stringMatching(
          /^unknown misconception "tdx-wrong-caller" \(did you mean tdx-flush-wrong-caller \(/,
        ),
      }),
    ]);
    const first = 'explain: Its flag was cleared by the early flush.';
    expect(errorsOf(first, `${first}\n        misconceptoin: bit0`)).toEqual([
      expect.objectContaining({
        field: 'exercises[3].options[0].misconceptoin',
        message: 'unknown key (allowed: text, match, explain, why_not, misconception, was)',
      }),
    ]);
    // why_not, when written, is text like explain.
    expect(errorsOf(first, `${first}\n        why_not: 3`)).toEqual([
      expect.objectContaining({
        field: 'exercises[3].options[0].why_not',
        message: expect.stringMatching(/^is required text/),
      }),
    ]);
  });
});

describe("an option's former wordings (was)", () => {
  const line = '      - text: In stop_this_cpu()';
  it('are read with the option', () => {
    const r = fixtureLab((t) =>
      edit(t, line, `${line}\n        was: ['In stop_this_cpu, before the report']`),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const ex = r.lab.exercises[0];
    expect(ex?.kind === 'choose' && ex.options[1]?.was).toEqual(['In stop_this_cpu, before the report']);
  });
  it("are refused when one reads as another option's text, its own, or is no list of texts", () => {
    expect(
      errorsOf(line, `${line}\n        was: ["In tdx_cpu_flush_cache_for_kexec(),   during KVM's shutdown"]`),
    ).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[1].was[0]',
        message:
          "reads as options[0]'s text or a former wording of it: a saved answer could not tell them apart",
      }),
    ]);
    expect(errorsOf(line, `${line}\n        was: [In stop_this_cpu()]`)).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[1].was[0]',
        message: "reads as this option's own text: leave it out",
      }),
    ]);
    expect(errorsOf(line, `${line}\n        was: In stop_this_cpu`)).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[1].was',
        message: "must be a list of 1 to 10 texts: the option's former wordings",
      }),
    ]);
  });
});

describe('choose: multiple is true or false, never read from another value', () => {
  const kind = '    kind: choose';

  it.each([
    ["'true'", '(got "true", a text: write it without quotes)'],
    ['yes please', '(got "yes please", a text: write true or false)'],
    ['1', '(got 1)'],
    ['[true]', '(got [true])'],
  ])('multiple: %s is refused at its line', (written, got) => {
    const text = edit(FIXTURE_YAML, kind, `${kind}\n    multiple: ${written}`);
    expect(errorsOf(kind, `${kind}\n    multiple: ${written}`)).toEqual([
      {
        lab: expect.any(String),
        file: expect.any(String),
        line: lineWith(text, `multiple: ${written}`),
        field: 'exercises[0].multiple',
        message: `must be true or false ${got}`,
      },
    ]);
  });

  it('true and false are read as written, and leaving it out is a single choice', () => {
    const multiple = (change: (t: string) => string) => {
      const ex = fixture(change).exercises[0];
      return ex?.kind === 'choose' && ex.multiple;
    };
    expect(multiple((t) => edit(t, kind, `${kind}\n    multiple: true`))).toBe(true);
    expect(multiple((t) => edit(t, kind, `${kind}\n    multiple: false`))).toBe(false);
    expect(multiple((t) => t)).toBe(false);
  });
});

describe('the entries a student picks from read differently', () => {
  const fix = 'a student could not tell the two apart; reword one';

  it('two choose options with the same text, spaces aside, are refused at the second', () => {
    const second = 'text: In stop_this_cpu()';
    const errors = errorsOf(
      second,
      `text: "  In tdx_cpu_flush_cache_for_kexec(),\\n  during KVM's shutdown "`,
    );
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[1].text',
        line: lineWith(FIXTURE_YAML, second),
        message: `the same text as options[0]: ${fix}`,
      }),
    ]);
  });

  it('a text with {{params}} is compared in every variant, and the variant named', () => {
    const first = "text: In tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown";
    const second = 'text: In stop_this_cpu()\n';
    // The first option's text and the second's, both edited: the error the lab gets, if any.
    const errorsWith = (a: string, b: string) => {
      const r = fixtureLab((t) => edit(edit(t, first, a), second, `${b}\n`));
      return r.ok ? [] : r.errors;
    };
    const sameIn = (c: number) => [
      expect.objectContaining({
        field: 'exercises[0].options[1].text',
        message: `the same text as options[0] when c=${c}: ${fix}`,
      }),
    ];
    // CPU {{c}} is never CPU 4 (c is 1 to 3): the two always read differently.
    expect(errorsWith('text: In stop_this_cpu() on CPU 4', 'text: In stop_this_cpu() on CPU {{c}}')).toEqual(
      [],
    );
    expect(errorsWith('text: In stop_this_cpu() on CPU 2', 'text: In stop_this_cpu() on CPU {{c}}')).toEqual(
      sameIn(2),
    );
    // The text with {{c}} first: the plain one after it is the repeat.
    expect(errorsWith('text: In stop_this_cpu() on CPU {{c}}', 'text: In stop_this_cpu() on CPU 3')).toEqual(
      sameIn(3),
    );
  });

  it.each([
    ['a zero-width space', 'In stop_this_cpu\u200b()'],
    ['a zero-width joiner', 'In stop_\u200dthis_cpu()'],
    ['a soft hyphen', 'In stop_this\u00ad_cpu()'],
    ['a left-to-right mark', '\u200eIn stop_this_cpu()'],
    ['a full-width letter (NFKC)', 'In stop_this_cpu\uff08)'],
  ])('two options that differ by %s alone read the same and are refused', (_, written) => {
    const first = "text: In tdx_cpu_flush_cache_for_kexec(), during KVM's shutdown";
    const second = 'text: In stop_this_cpu()\n';
    const r = fixtureLab((t) =>
      edit(edit(t, first, 'text: In stop_this_cpu()'), second, `text: "${written}"\n`),
    );
    expect(r.ok ? [] : r.errors).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[1].text',
        message: `the same text as options[0]: ${fix}`,
      }),
    ]);
  });

  it.each(['\u202e', '\u202a', '\u2066', '\u2069'])(
    'a bidirectional control (%j) in a text of lab.yaml is refused at its field, like a control character',
    (c) => {
      const hint = '      - Look at syscore_shutdown in the trace.';
      const code = `U+${c.charCodeAt(0).toString(16).toUpperCase()}`;
      expect(errorsOf(hint, `      - "Look at ${c}syscore_shutdown in the trace."`)).toEqual([
        expect.objectContaining({
          field: 'exercises[0].hints[0]',
          message: `holds a bidirectional control character ${code}, which reorders the text after it on the screen and in a terminal that prints it: delete it`,
        }),
      ]);
    },
  );

  it('two order items with the same label, and two predict options with the same text', () => {
    expect(errorsOf('label: CPU 1 reports stopped', 'label: kvm_shutdown()  starts')).toEqual([
      expect.objectContaining({
        field: 'exercises[2].items[2].label',
        line: lineWith(FIXTURE_YAML, 'label: CPU 1 reports stopped'),
        message: `the same label as items[1]: ${fix}`,
      }),
    ]);
    expect(errorsOf('text: It executes WBINVD', 'text: It reports stopped without a WBINVD')).toEqual([
      expect.objectContaining({
        field: 'exercises[3].options[1].text',
        message: `the same text as options[0]: ${fix}`,
      }),
    ]);
  });
});

describe('points', () => {
  it('a fraction such as 2.5 is a number from 0 to 20, and kept as written', () => {
    const lab = fixture((t) => edit(t, '    points: 2\n    params:', '    points: 2.5\n    params:'));
    expect(lab.exercises[0]?.points).toBe(2.5);
    expect(errorsOf('    points: 2\n    params:', '    points: 20.5\n    params:')).toEqual([
      expect.objectContaining({
        field: 'exercises[0].points',
        message: 'must be a number from 0 to 20 (got 20.5)',
      }),
    ]);
  });

  it('has at most two decimals: a score is kept to a thousandth, so 0.1234 could never be full', () => {
    expect(
      fixture((t) => edit(t, '    points: 2\n    params:', '    points: 0.25\n    params:')).exercises[0]
        ?.points,
    ).toBe(0.25);
    expect(errorsOf('    points: 2\n    params:', '    points: 0.1234\n    params:')).toEqual([
      expect.objectContaining({
        field: 'exercises[0].points',
        message: 'may have at most two decimals, such as 2.5 or 0.25 (got 0.1234)',
      }),
    ]);
  });
});

describe('an exercise grades the faithful model', () => {
  it('a graded scenario may not set mutant, a find_bug one neither (it draws from mutants)', () => {
    const grid = "platform: { vendor: intel, cpus: '{{n}}', tdx: true }";
    expect(errorsOf(grid, `${grid}\n      mutant: global_flag`)).toEqual([
      expect.objectContaining({
        field: 'exercises[1].scenario.mutant',
        message: expect.stringMatching(
          /^an exercise's answer is read off the faithful model, never a broken one: remove mutant/,
        ),
      }),
    ]);
    const bug = 'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]';
    const errors = fixtureLab((t) =>
      edit(t, bug, bug).replace(/(kind: find_bug[\s\S]*?tdx: true \})/, '$1\n      mutant: global_flag'),
    );
    expect(errors.ok ? [] : errors.errors).toEqual([
      expect.objectContaining({
        field: 'exercises[4].scenario.mutant',
        message: expect.stringMatching(/^a find_bug exercise's scenario is the faithful model/),
      }),
    ]);
  });

  it('a find_bug exercise lists each mutant once', () => {
    const bug = 'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]';
    expect(errorsOf(bug, 'mutants: [no_tdx_flush_at_shutdown, no_tdx_flush_at_shutdown]')).toEqual([
      expect.objectContaining({
        field: 'exercises[4].mutants',
        line: lineWith(FIXTURE_YAML, bug),
        message:
          'lists no_tdx_flush_at_shutdown more than once: each student draws one, so list each mutant once',
      }),
    ]);
  });
});

describe('find_bug decoys: offered, never drawn', () => {
  const bug = 'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]';
  const withDecoys = (decoys: string) => errorsOf(bug, `${bug}\n    decoys: ${decoys}`);
  const at = (message: string | RegExp) =>
    expect.objectContaining({
      field: 'exercises[4].decoys',
      line: lineWith(FIXTURE_YAML, bug) + 1,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
    });

  it('load as a list after the mutants', () => {
    const r = fixtureLab((t) => edit(t, bug, `${bug}\n    decoys: [global_flag]`));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const ex = r.lab.exercises[4];
    expect(ex?.kind === 'find_bug' && ex.decoys).toEqual(['global_flag']);
    // Without them, none: an exercise as it was.
    expect(fixture().exercises[4]).not.toHaveProperty('decoys');
  });

  it('each a known mutant id, with the nearest named', () => {
    expect(withDecoys('[global_flags]')).toEqual([
      at(
        /^must list mutant ids, each one of stop_this_cpu_ignores_flag, .*, relocate_kernel_tests_bit0 \(got "global_flags"; did you mean global_flag\?\)$/,
      ),
    ]);
  });

  it('each once', () => {
    expect(withDecoys('[global_flag, global_flag]')).toEqual([
      at('lists global_flag more than once: each decoy is one option, so list it once'),
    ]);
  });

  it('none also under mutants', () => {
    expect(withDecoys('[global_flag, tdx_flush_keeps_flag]')).toEqual([
      at(
        'lists tdx_flush_keeps_flag, also under mutants: a decoy is offered but never drawn, so list it under one of the two',
      ),
    ]);
  });

  it('a list', () => {
    expect(withDecoys('global_flag')).toEqual([
      at('must be a list of mutant ids, such as [global_flag] (got "global_flag")'),
    ]);
  });

  it('only on a find_bug', () => {
    expect(errorsOf('expect: 0', 'expect: 0\n    decoys: [global_flag]')[0]).toEqual(
      expect.objectContaining({ field: 'exercises[3].decoys' }),
    );
  });
});

describe('expect has the shape of its kind', () => {
  it('predict: one index, not a list', () => {
    expect(errorsOf('expect: 0', 'expect: [0]')).toEqual([
      expect.objectContaining({
        field: 'exercises[3].expect',
        message:
          'must be the index of the one option that comes next, 0-based (0 to 1), a single number such as 0, not a list (got [0])',
      }),
    ]);
  });

  it('order: every item index once, as a list', () => {
    for (const bad of ["'1,0,2,3'", '[2, 1, 3, 4]', '[1, 0, 2]'])
      expect(errorsOf('expect: [1, 0, 2, 3]', `expect: ${bad}`)).toEqual([
        expect.objectContaining({
          field: 'exercises[2].expect',
          message: expect.stringMatching(
            /^must list every item's index \(0-based, 0 to 3\) once, in the order the trace runs the items: a reordering of \[0, 1, 2, 3\] \(got /,
          ),
        }),
      ]);
  });

  it('find_bug and explain take none', () => {
    const bug = 'mutants: [no_tdx_flush_at_shutdown, tdx_flush_keeps_flag]';
    expect(errorsOf(bug, `${bug}\n    expect: 0`)[0]?.field).toBe('exercises[4].expect');
  });
});

describe('YAML mistakes say what to do', () => {
  it('data nested past what the reader can follow is said to be nested too deeply, at its line', () => {
    const deep = fixtureLab((t) => `${t}extra: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(deep.ok ? [] : deep.errors).toEqual([
      expect.objectContaining({
        field: '(syntax)',
        line: FIXTURE_YAML.split('\n').length,
        message: expect.stringMatching(/^is nested too deeply to be read/),
      }),
    ]);
  });

  it('a second document, an unquoted ": ", a key written twice', () => {
    const second = fixtureLab((t) => `${t}---\nid: other\n`);
    expect(second.ok ? [] : second.errors).toEqual([
      expect.objectContaining({
        field: '(syntax)',
        line: FIXTURE_YAML.split('\n').length,
        message: expect.stringMatching(/^a lab\.yaml holds one document: remove the --- line/),
      }),
    ]);
    const colon = errorsOf(
      'prompt: Put these steps in the order the kernel runs them.',
      'prompt: Order: put these steps: in order',
    );
    expect(colon).toEqual([
      expect.objectContaining({
        field: '(syntax)',
        line: lineWith(FIXTURE_YAML, 'prompt: Put these steps'),
        message: expect.stringMatching(
          /: quote text that contains ": " \(e\.g\. prompt: 'Order: put these steps in order'\)$/,
        ),
      }),
    ]);
    const twice = errorsOf('    points: 2\n    params:', '    points: 2\n    points: 3\n    params:');
    expect(twice).toEqual([
      expect.objectContaining({ message: 'key "points" is written twice in this mapping: keep one of them' }),
    ]);
  });
});

describe('numbers: .nan and .inf (1e999 reads as .inf) are refused wherever a number is read', () => {
  it.each([
    ['.nan', '(got .nan, not a number)'],
    ['.inf', '(got .inf, not a finite number)'],
    ['1e999', '(got .inf, not a finite number)'],
    ['-.inf', '(got -.inf, not a finite number)'],
  ])('points: %s', (written, said) => {
    const errors = errorsOf('    points: 2\n    params:', `    points: ${written}\n    params:`);
    expect(errors).toEqual([
      {
        lab: expect.any(String),
        file: expect.any(String),
        line: lineWith(FIXTURE_YAML, 'points: 2'),
        field: 'exercises[0].points',
        message: `must be a number from 0 to 20 ${said}`,
      },
    ]);
  });

  it('a parameter value, a range bound and the lab order', () => {
    expect(errorsOf('c: { range: [1, 3] }', 'c: { values: [1, .nan] }')).toEqual([
      expect.objectContaining({
        field: 'exercises[0].params.c',
        message: 'values must be finite numbers or texts (got .nan, not a number)',
      }),
    ]);
    expect(errorsOf('c: { range: [1, 3] }', 'c: { range: [1, .inf] }')).toEqual([
      expect.objectContaining({
        field: 'exercises[0].params.c',
        message: 'bound .inf, not a finite number: write a whole number',
      }),
    ]);
    expect(errorsOf('order: 7', 'order: .nan')).toEqual([
      expect.objectContaining({
        field: 'order',
        line: 2,
        message: "must be a whole number (the lab's place in the list) (got .nan, not a number)",
      }),
    ]);
  });
});

describe('a long value or key is echoed cut, at 80 characters', () => {
  const long = 'x'.repeat(300_000);

  it('a value', () => {
    const [error, ...more] = errorsOf('    kind: choose', `    kind: ${long}`);
    expect(more).toEqual([]);
    expect(error?.message).toMatch(/\(got "x{70,80}…"\)$/);
  });

  it('an unknown key, still found at its line', () => {
    const [error, ...more] = errorsOf(
      '    points: 2\n    params:',
      `    points: 2\n    ? ${long}\n    : 1\n    params:`,
    );
    expect(more).toEqual([]);
    expect(error).toMatchObject({ line: lineWith(FIXTURE_YAML, 'points: 2') + 1 });
    expect(error?.field).toMatch(/^exercises\[0\]\.x{60,}…$/);
    expect(error?.field.length).toBe(80);
  });

  it('a link in a step’s prose', () => {
    const problems = proseProblems(`See [this](https://${long}).\n`);
    expect(problems).toEqual([
      { message: expect.stringMatching(/^link "https:\/\/x{60,}…" points outside the app/), line: 1 },
    ]);
    expect(problems[0]?.message.length).toBeLessThan(200);
  });
});

describe('names on disk: the lab folder and the prose files', () => {
  /** The fixture's errors, loaded from a folder named `folder`, its prose read by `readProse`. */
  function loaded(folder: string, readProse: LabSource['readProse'] = () => 'Text.\n'): LabError[] {
    const parsed = parseLabYaml(FIXTURE_YAML);
    if (!parsed.ok) throw new Error('the fixture does not parse');
    const r = validateLab({
      folder,
      file: `${folder}/lab.yaml`,
      data: parsed.data,
      lineOf: parsed.lineOf,
      readProse,
    });
    return r.ok ? [] : r.errors;
  }

  it('a folder renamed to a name no id can be is to be renamed back, not the id changed to it', () => {
    for (const folder of [`${FIXTURE_ID} copy`, FIXTURE_ID.toUpperCase()])
      expect(loaded(folder)).toEqual([
        expect.objectContaining({
          field: 'id',
          message: `must equal the folder name, and the folder name "${folder}" cannot be an id (lowercase letters, digits and dashes only): rename the folder to ${FIXTURE_ID}`,
        }),
      ]);
    // A folder name that can be an id: either may change.
    expect(loaded('08-other')).toEqual([
      expect.objectContaining({
        message: `must equal the folder name "08-other": write id: 08-other, or rename the folder to ${FIXTURE_ID}`,
      }),
    ]);
  });

  it.each([
    [
      'steps/01 intro.md',
      /^may hold only ASCII letters, digits, _, -, \. and \/ \(got "steps\/01 intro\.md", with a space\): rename the file \(e\.g\. to steps\/01-intro\.md\) and write its new name here$/,
    ],
    [
      'steps/01-intro.MD',
      /^must end in \.md, in lowercase \(got "steps\/01-intro\.MD"\): rename the file \(e\.g\. to steps\/01-intro\.md\)/,
    ],
    [
      'steps/01-hôte.md',
      /^may hold only ASCII letters, .* \(got "steps\/01-hôte\.md", with "ô", not an ASCII letter\): rename the file \(e\.g\. to steps\/01-hote\.md\)/,
    ],
    ['../01-intro.md', /^must name a file inside the lab folder, without \.\. /],
  ])('a prose path %s says the rule it breaks and what to rename it to', (path, message) => {
    expect(errorsOf('prose: steps/01-intro.md', `prose: '${path}'`)).toEqual([
      expect.objectContaining({ field: 'steps[0].prose', message: expect.stringMatching(message) }),
    ]);
  });

  it('a prose file that is there but is not read says why', () => {
    expect(
      loaded(FIXTURE_ID, () => ({ unread: 'is a folder, not a file: name the Markdown file inside it' })),
    ).toEqual([
      expect.objectContaining({
        field: 'steps[0].prose',
        message: 'steps/01-intro.md is a folder, not a file: name the Markdown file inside it',
      }),
    ]);
  });
});

describe('exercise text the app would not show as written', () => {
  it('still loads, as it always showed (labs check names it: check.test.ts)', () => {
    const prompt = 'prompt: CPU 2 has just read its flag in stop_this_cpu(). What happens next?';
    const r = fixtureLab((t) => edit(t, prompt, 'prompt: Which CPU <N> reads its flag next?'));
    expect(r.ok).toBe(true);
  });
});

describe('points and hints: nothing read silently', () => {
  it('a lab written when points defaulted to 1 still loads: without points worth 1, an explain worth 0', () => {
    // labs check asks the author to say it (check.test.ts); the app never drops a lab over it.
    const kind = '    kind: explain';
    const r = fixtureLab((t) =>
      edit(edit(t, '    points: 3\n    scenario:', '    scenario:'), kind, `${kind}\n    points: 2`),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.lab.exercises[2]?.points).toBe(1);
    expect(r.lab.exercises[5]).toMatchObject({ kind: 'explain', points: 0 });
  });

  it('hints may be left out', () => {
    const lab = fixture((t) => edit(t, '    hints:\n      - Compare syscore_shutdown in both runs.\n', ''));
    expect(lab.exercises.find((e) => e.id === 'find-bug-tdx')?.hints).toEqual([]);
  });
});

describe('every text of lab.yaml that is shown refuses control characters, at its field and line', () => {
  // "\e[2J" clears the screen and "\e]0;…\a" retitles the window of the terminal `labs keys` prints to.
  it.each([
    ['the lab title', 'title: The early TDX flush', 'title: "The early \\e[2J TDX flush"', 'title', 'U+001B'],
    // Written into the file as it is, unquoted: a raw ESC and BEL.
    ['the summary', 'summary: KVM', 'summary: \u001b]0;owned\u0007 KVM', 'summary', 'U+001B'],
    [
      'an objective',
      '  - Say where a TDX host flushes at kexec in v6.18.',
      '  - "Say \\x07where a TDX host flushes at kexec in v6.18."',
      'objectives[0]',
      'U+0007',
    ],
    [
      'a step title',
      '  - title: The early flush',
      '  - title: "The \\e[31mearly flush"',
      'steps[0].title',
      'U+001B',
    ],
    [
      'an exercise title',
      '    title: Where CPU flushes',
      '    title: "Which CPU\\e[2J\\e]0;owned\\a runs"',
      'exercises[0].title',
      'U+001B',
    ],
    [
      'an order item label',
      '      - label: kvm_shutdown() starts',
      '      - label: "kvm_shutdown() \\x7f starts"',
      'exercises[2].items[1].label',
      'U+007F',
    ],
    [
      'a step title with a vertical tab',
      '  - title: The early flush',
      '  - title: "The\\vearly flush"',
      'steps[0].title',
      'U+000B',
    ],
    [
      'a hint',
      '      - Look at syscore_shutdown in the trace.',
      '      - "Look at \\e[2J syscore_shutdown in the trace."',
      'exercises[0].hints[0]',
      'U+001B',
    ],
    [
      'a text parameter value',
      'n: { values: [2, 4] }',
      'n: { values: [2, "4\\e[2J"] }',
      'exercises[1].params.n',
      'U+001B',
    ],
  ])('%s', (_what, old, replacement, field, code) => {
    const line = lineWith(FIXTURE_YAML, old.trim().split('"')[0] as string);
    const errors = errorsOf(old, replacement).filter((e) => /control character/.test(e.message));
    expect(errors).toEqual([
      expect.objectContaining({ field, line, message: expect.stringContaining(`control character ${code}`) }),
    ]);
    // Said, never echoed: the message carries no control character itself.
    // eslint-disable-next-line no-control-regex
    expect(JSON.stringify(errors)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('an unknown key holding an escape sequence is named with it escaped, at its line', () => {
    const errors = errorsOf('order: 7', 'order: 7\n"col\\e[2Jour": red');
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'col\\x1b[2Jour',
        line: 3,
        message: expect.stringMatching(/^unknown key/),
      }),
    ]);
  });
});

describe('hints', () => {
  it('an empty hint is refused at its line: opened, it would cost credit and say nothing', () => {
    const old = '      - Look at syscore_shutdown in the trace.';
    const line = lineWith(FIXTURE_YAML, old.trim());
    for (const empty of ["''", '" "'])
      expect(errorsOf(old, `      - ${empty}`)).toEqual([
        expect.objectContaining({
          field: 'exercises[0].hints[0]',
          line,
          message: 'is empty: write the hint, or remove the entry',
        }),
      ]);
  });

  it('an empty or missing prompt, option text or item label is refused, saying which', () => {
    expect(errorsOf('      - text: In stop_this_cpu()', "      - text: ''")).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[1].text',
        message: 'is required text (got "", empty: write the text)',
      }),
    ]);
    expect(errorsOf('      - text: In stop_this_cpu()\n', '      -\n')).toEqual([
      expect.objectContaining({ field: 'exercises[0].options[1].text', message: 'is required text' }),
    ]);
  });
});

describe('a step’s actions: each unknown or repeated one named at its index, with what to write', () => {
  const actions = 'actions: [run, step, compare, predict]';
  const line = lineWith(FIXTURE_YAML, actions);

  it('a typo is named, with the action it is near', () => {
    expect(errorsOf(actions, 'actions: [run, step, compare, predcit]')).toEqual([
      expect.objectContaining({
        field: 'steps[0].actions[3]',
        line,
        message:
          'must be one of run, step, compare, predict, fault, seed, edit (got "predcit"; did you mean predict?)',
      }),
    ]);
  });

  it('every unknown one is named, near an action or not', () => {
    expect(errorsOf(actions, 'actions: [run, Step, compare, predict, rewind]').map((e) => e.field)).toEqual([
      'steps[0].actions[1]',
      'steps[0].actions[4]',
    ]);
    expect(errorsOf(actions, 'actions: [run, step, compare, predict, rewind]')[0]?.message).toBe(
      'must be one of run, step, compare, predict, fault, seed, edit (got "rewind")',
    );
  });

  it('a repeated action is refused at the repeat, naming the entry it repeats', () => {
    expect(errorsOf(actions, 'actions: [run, step, seed, run]')).toEqual([
      expect.objectContaining({
        field: 'steps[0].actions[3]',
        line,
        message: 'repeats run, listed already at [0]: list each action once',
      }),
    ]);
  });

  it('a list written without its brackets is said to be a text, with the list to write', () => {
    expect(errorsOf(actions, 'actions: run, step, seed')).toEqual([
      expect.objectContaining({
        field: 'steps[0].actions',
        message:
          'must be a list of run, step, compare, predict, fault, seed, edit, e.g. [run, step] (got "run, step, seed", a text: write it as a list, [run, step, seed])',
      }),
    ]);
  });
});

describe('an exercise id that is none echoes what was written and the id it can be', () => {
  const id = '  - id: where-flush';
  const line = lineWith(FIXTURE_YAML, id);
  const rule = 'must be lowercase letters, digits and dashes';

  it.each([
    ['Find_Bug', `${rule} (got "Find_Bug"): write id: find-bug`],
    ['where flush', `${rule} (got "where flush"): write id: where-flush`],
    ["'---'", `${rule} (got "---"): choose one, e.g. where-cpu-flushes`],
    ['3', `${rule}, as a text (got 3, a number: write it in quotes, id: '3')`],
    [
      `${'a'.repeat(65)}`,
      `is too long: at most 64 characters (got 65, "${'a'.repeat(65)}"): write a shorter id`,
    ],
  ])('id: %s', (written, message) => {
    expect(errorsOf(id, `  - id: ${written}`)).toEqual([
      expect.objectContaining({ field: 'exercises[0].id', line, message }),
    ]);
  });

  it('an id left out is asked for, with one made of the title', () => {
    expect(errorsOf(`${id}\n`, '  -\n')).toEqual([
      expect.objectContaining({
        field: 'exercises[0].id',
        message:
          "is required: lowercase letters, digits and dashes, unique in the lab (a student's answers are saved by it), e.g. where-cpu-flushes",
      }),
    ]);
  });

  it('a parameter name that is none says what it can be renamed to', () => {
    const errors = errorsOf('c: { range: [1, 3] }\n    scenario:', 'Cpu: { values: [1] }\n    scenario:');
    expect(errors.find((e) => e.field === 'exercises[0].params.Cpu')?.message).toBe(
      'a parameter name is a lowercase letter or _ and then letters, digits or _ (got "Cpu"): rename it cpu, here and in each {{…}} that uses it',
    );
  });
});

describe('a text written as another value says what was found and what to write', () => {
  const explain = "explain: KVM's shutdown runs the TDX flush on each CPU and clears the flag.";

  it.each([
    ['true', "(got true, a boolean: write the text; to show true itself, put it in quotes, 'true')"],
    ['2', "(got 2, a number: write the text; to show 2 itself, put it in quotes, '2')"],
    ['', '(got nothing after "explain:": write the text there)'],
    ['[a, b]', '(got ["a","b"], a list: write one text, in quotes if it starts with [)'],
    ["'  '", '(got "  ", only blanks: write the text)'],
  ])('explain: %s', (written, got) => {
    expect(errorsOf(explain, `explain: ${written}`)).toEqual([
      expect.objectContaining({
        field: 'exercises[0].options[0].explain',
        line: lineWith(FIXTURE_YAML, explain),
        message: `is required text ${got}`,
      }),
    ]);
  });

  it('a hint or an objective that is no text is named at its entry', () => {
    const hint = '      - Look at syscore_shutdown in the trace.';
    expect(errorsOf(hint, `${hint}\n      - true`)).toEqual([
      expect.objectContaining({
        field: 'exercises[0].hints[1]',
        line: lineWith(FIXTURE_YAML, hint) + 1,
        message:
          "must be a text (got true, a boolean: write the text; to show true itself, put it in quotes, 'true')",
      }),
    ]);
    const objective = '  - Say where a TDX host flushes at kexec in v6.18.';
    expect(errorsOf(objective, `${objective}\n  -`)).toEqual([
      expect.objectContaining({
        field: 'objectives[1]',
        message: 'must be a sentence (got nothing after "-": write the text there)',
      }),
    ]);
  });
});

describe('an indented "- " line that YAML folds into the text above is refused at that line', () => {
  const hint = '      - Look at syscore_shutdown in the trace.';

  it('two hints merged by indentation: the line that slipped, the hint it joined, what to do', () => {
    const text = edit(FIXTURE_YAML, hint, `${hint}\n        - Then at stop_this_cpu.`);
    expect(fixtureLab(() => text)).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          line: lineWith(text, '- Then at stop_this_cpu.'),
          message:
            'this line ("- Then at stop_this_cpu.") was read as more of the entry above it, not as an entry of its own (the entry reads "Look at syscore_shutdown in the trace. - Then at stop_this_cpu."): the indentation merged two list entries. Its "- " starts after 8 spaces, the list\'s after 6 spaces: start it after 6 spaces to make it an entry of its own, or, if the dash belongs to the text, put the whole text in quotes',
        }),
      ],
    });
  });

  it("is one of the lab's problems, at its line among the others, not one that hides them", () => {
    const text = edit(
      edit(
        edit(FIXTURE_YAML, hint, `${hint}\n        - Then at stop_this_cpu.`),
        'title: The early TDX flush',
        'title: 7',
      ),
      'points: 4',
      'points: -1',
    );
    const r = fixtureLab(() => text);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map((e) => [e.line, e.field, e.message.slice(0, 40)])).toEqual([
      [lineWith(text, 'title: 7'), 'title', 'is required text (got 7, a number: write'],
      [
        lineWith(text, '- Then at stop_this_cpu.'),
        'exercises[0].hints[0]',
        'this line ("- Then at stop_this_cpu.") w',
      ],
      [lineWith(text, 'points: -1'), 'exercises[1].points', 'must be a number from 0 to 20 (got -1)'],
    ]);
    // Alone, it still refuses the lab.
    expect(fixtureLab(() => edit(FIXTURE_YAML, hint, `${hint}\n        - Then at stop_this_cpu.`)).ok).toBe(
      false,
    );
  });

  it('a dash inside a line, or in a quoted or block text, is text', () => {
    fixture((t) => edit(t, hint, '      - Look at syscore_shutdown - in the trace.'));
    fixture((t) => edit(t, hint, '      - "Look at syscore_shutdown\n        - in the trace."'));
    fixture((t) => edit(t, hint, '      - >-\n        Look at syscore_shutdown\n        - in the trace.'));
    fixture((t) => edit(t, hint, '      - Look at syscore_shutdown\n        in the trace -\n        twice.'));
  });
});
