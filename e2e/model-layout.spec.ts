/**
 * The model's controls hold together on common screens, in a lab (beside the prose) and in the sandbox:
 * the step counter on one line, the slider long enough to scrub, Bookmark and Text view beside it. At
 * 1600x900 the counter broke over two lines, the slider shrank and Text view fell to a row of its own.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, sandboxWithCpus, test } from './harness.ts';

const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1600, height: 900 },
  { width: 1920, height: 1080 },
];

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

async function expectControlsHold(page: Page, model: Locator) {
  const controls = model.getByRole('group', { name: /step controls$/ });
  const counter = controls.getByText(/^Step \d+ of \d+$/);
  const slider = controls.getByRole('slider');
  const bookmark = controls.getByRole('button', { name: 'Bookmark' });
  const textView = controls.getByRole('button', { name: 'Text view' });
  await expect(counter).toBeVisible();
  const lineHeight = await counter.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
  const c = await box(counter);
  expect(c.height, `the counter on one line at ${page.viewportSize()?.width}`).toBeLessThan(lineHeight * 1.5);
  const s = await box(slider);
  expect(s.width, 'a slider long enough to scrub').toBeGreaterThanOrEqual(150);
  // Counter, slider, Bookmark and Text view on one row.
  const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
  for (const other of [counter, bookmark, textView])
    expect(Math.abs(middle(await box(other)) - middle(s))).toBeLessThan(lineHeight);
}

for (const screen of SCREENS) {
  test.describe(`at ${screen.width}x${screen.height}`, () => {
    test.use({ viewport: screen });

    test("a lab's model keeps its step controls together", async ({ page, app }) => {
      await app.open('#/lab/01-why-flush/3');
      await expectControlsHold(page, page.getByRole('region', { name: 'Live model' }));
    });

    test("the sandbox's model keeps its step controls together", async ({ page, app }) => {
      await app.open('#/sandbox');
      await page.getByRole('button', { name: 'Step through' }).click();
      const model = page.getByRole('region', { name: /the model$/ }).first();
      await expect(model.getByText('Step 0 of 55')).toBeVisible();
      await expectControlsHold(page, model);
    });
  });
}

test('in the fitted timeline a click puts the cursor on the nearest step; the keyboard still steps by one', async ({
  page,
  app,
}) => {
  await sandboxWithCpus(page, app.open, 64);
  const chart = page.getByRole('img', { name: /^Timeline of \d+ steps on 64 CPUs/ });
  await expect(chart).toBeVisible();
  const steps = Number((await chart.getAttribute('aria-label'))?.match(/^Timeline of (\d+) steps/)?.[1]);
  // Too long for the box at 9 px a step, the run opens fitted.
  const fit = page.getByRole('button', { name: 'Fit the whole run' });
  await expect(fit).toHaveAttribute('aria-pressed', 'true');
  const slider = page.getByRole('slider', { name: /step/ }).first();
  const cursor = page.locator('line.cursor').first();
  const cursorMiddle = async () => {
    const c = await box(cursor);
    return c.x + c.width / 2;
  };
  for (const at of [0.03, 0.31, 0.5, 0.77, 0.97]) {
    await chart.scrollIntoViewIfNeeded();
    const b = await box(chart);
    // A step's width in the fitted view: the run and a 20 px margin fill the box.
    const dx = (b.width - 20) / steps;
    expect(dx).toBeLessThan(3);
    const x = Math.round(b.x + (b.width - 20) * at);
    await page.mouse.click(x, Math.round(b.y + 4));
    const seq = Number(await slider.inputValue());
    expect(seq).toBeGreaterThan(0);
    // The cursor lands no further from the click than half a step: no other step's is nearer.
    expect(Math.abs((await cursorMiddle()) - x), `click at ${at}: step ${seq}`).toBeLessThanOrEqual(
      dx / 2 + 0.01,
    );
    // The keyboard moves one step from there, the cursor one step's width.
    const before = await cursorMiddle();
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue(String(seq + 1));
    expect(Math.abs((await cursorMiddle()) - before - dx)).toBeLessThan(0.01);
  }
});
