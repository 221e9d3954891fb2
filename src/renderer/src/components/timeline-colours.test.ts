/**
 * The timeline's marks, read from the styles the app ships: each stands out from both lane colours
 * (3:1, WCAG's figure for graphics) and from every other kind of mark, in both themes. "flag change" and
 * "SEAMCALL" were two browns 17.6 apart (CIE76 ΔE), plain steps and "copy / jump" two near-blacks in the
 * dark theme's grey (19.0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, '../app.css'), 'utf8');
const timeline = readFileSync(join(import.meta.dirname, 'Timeline.svelte'), 'utf8');

/** Every `--name: light-dark(#light, #dark)` in a text, by name. */
function themeColours(text: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const m of text.matchAll(/(--[\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi))
    out.set(m[1] as string, [m[2] as string, m[3] as string]);
  return out;
}
const colours = new Map([...themeColours(css), ...themeColours(timeline)]);

/** The custom property a rule of Timeline.svelte fills with: `.m.flag {` -> "--flag". */
function fillOf(selector: string): string {
  const escaped = selector.replace(/\./g, '\\.');
  const m = new RegExp(`(?:^|\\n)\\s*${escaped}\\s*\\{[^}]*?fill:\\s*var\\((--[\\w-]+)\\)`).exec(timeline);
  if (!m) throw new Error(`no fill for ${selector} in Timeline.svelte`);
  return m[1] as string;
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
/** CIE L*a*b* (D65), for the CIE76 colour difference. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = rgb(hex).map(linear) as [number, number, number];
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ];
  const [fx, fy, fz] = xyz.map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)) as [
    number,
    number,
    number,
  ];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - (lab(b)[i] as number)));

// The marks the legend names, by their class in Timeline.svelte; ".m" is a step of no other kind.
const MARKS = ['.m', '.m.wb', '.m.flag', '.m.seam', '.m.ipi', '.m.stop', '.m.kexec'];

for (const [theme, side] of [
  ['light', 0],
  ['dark', 1],
] as const) {
  describe(`timeline marks, ${theme} theme`, () => {
    const colour = (name: string) => {
      const c = colours.get(name);
      if (!c) throw new Error(`${name} has no light-dark() colour`);
      return c[side];
    };
    const lanes = [colour(fillOf('.lane')), colour(fillOf('.lane.alt'))];
    const marks = MARKS.map((m) => [m, colour(fillOf(m))] as const);

    it('stand out from both lane colours by 3:1 or more', () => {
      for (const [m, c] of marks)
        for (const lane of lanes) expect(contrast(c, lane), `${m} ${c} on ${lane}`).toBeGreaterThanOrEqual(3);
    });

    it('differ from one another by a CIE76 ΔE of 24 or more', () => {
      for (const [i, [m, c]] of marks.entries())
        for (const [n, d] of marks.slice(i + 1))
          expect(deltaE(c, d), `${m} ${c} vs ${n} ${d}`).toBeGreaterThanOrEqual(24);
    });
  });
}

it('has a legend entry for every kind of mark, plain steps included', () => {
  const legend = /<p class="legend[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(timeline)?.[1] ?? '';
  for (const key of ['wb', 'flag', 'seam', 'ipi', 'stop', 'kexec', 'step'])
    expect(legend, key).toContain(`class="key ${key}"`);
});
