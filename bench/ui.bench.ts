/// <reference lib="dom" />
// (DOM types for the functions that run inside the page via page.evaluate.)
/**
 * UI figures in Debian's Chromium (issue 4): frame times while a 256-CPU kexec plays in the sandbox, and
 * the time from navigation to an interactive sandbox beside the same figure for an empty Svelte 5 page
 * built the same way (Vite + the Svelte plugin) and served the same way (with the app's CSP), and beside
 * the sandbox's first-screen DOM put in with no framework (what the content alone costs).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';
import { installApi } from '../e2e/harness.ts';
import { serveStatic } from '../e2e/server.ts';
import { FIRST_FRAME, MOUNTED } from '../src/renderer/src/lib/startup-marks.ts';
import { createRng } from '../src/sim/rng.ts';
import { ALL_KINDS, attribute, type Kind, type TraceEvent } from './startup-phases.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env['FLUSHPOINT_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

interface Startup {
  /** ms from navigation start to the end of mount(). */
  mounted: number;
  /** ms from navigation start until the first frame with the UI is done and the main thread is free. */
  interactive: number;
}

/**
 * One launch: navigation to the page's startup marks (src/renderer/src/lib/startup-marks.ts), which the
 * app and the empty page set in the same way. Nothing of the harness runs in the page meanwhile: the
 * marks are read after the load event, polling every 50 ms. (An earlier version polled the page itself on every
 * animation frame and took the frame's timestamp: that is the time the frame was *requested*, which can
 * precede the page being ready by a frame or more, and the polling itself slowed the page down.)
 */
async function startup(page: Page, url: string): Promise<Startup> {
  await page.goto('about:blank');
  // Not 'commit': polling from then would inject Playwright's own script into the page while it loads.
  await page.goto(url, { waitUntil: 'load' });
  const handle = await page.waitForFunction(
    ([m, f]) => {
      const mounted = performance.getEntriesByName(m)[0];
      const frame = performance.getEntriesByName(f)[0];
      return mounted && frame ? { mounted: mounted.startTime, interactive: frame.startTime } : false;
    },
    [MOUNTED, FIRST_FRAME] as const,
    { polling: 50, timeout: 30_000 },
  );
  return (await handle.jsonValue()) as Startup;
}

/**
 * A 95% interval for the ratio of the two medians: a bootstrap over the pairs of alternating loads (a
 * pair saw the same moment of the machine). Seeded, so the same loads print the same interval. Run to
 * run, the ratio moves by more than its second decimal on a shared 2-vCPU machine; this says how much.
 */
function ratioInterval(app: number[], empty: number[]): [number, number] {
  const rng = createRng(1);
  const ratios: number[] = [];
  for (let k = 0; k < 2000; k++) {
    const a: number[] = [];
    const e: number[] = [];
    for (let i = 0; i < app.length; i++) {
      const j = rng.int(app.length);
      a.push(app[j] as number);
      e.push(empty[j] as number);
    }
    ratios.push(pct(a, 0.5) / pct(e, 0.5));
  }
  return [pct(ratios, 0.025), pct(ratios, 0.975)];
}

/**
 * The pages whose startups are compared: the sandbox, the empty page, the sandbox's DOM alone, and the
 * DOM of the app's frame alone (header, navigation, theme picker, stylesheet; no screen in it).
 */
interface Urls {
  app: string;
  empty: string;
  dom: string;
  frame: string;
}

/** The sandbox's startup beside the empty page's, loads alternating so all see the same machine. */
async function compareStartup(page: Page, urls: Urls, what: string): Promise<void> {
  const app: Startup[] = [];
  const empty: Startup[] = [];
  const dom: Startup[] = [];
  const frame: Startup[] = [];
  for (let i = 0; i < 41; i++) {
    app.push(await startup(page, `${urls.app}#/sandbox`));
    empty.push(await startup(page, urls.empty));
    dom.push(await startup(page, urls.dom));
    frame.push(await startup(page, urls.frame));
  }
  // The first load of each fills the browser's caches; it is not a figure of any kind.
  for (const xs of [app, empty, dom, frame]) xs.shift();
  // What was mounted is the sandbox with its step controls and CPU grid (checked on one more load).
  await startup(page, `${urls.app}#/sandbox`);
  const ready = await page.evaluate(
    () =>
      [...document.querySelectorAll('button')].some((b) => b.textContent?.includes('Next')) &&
      !!document.querySelector('.grid'),
  );
  if (!ready) throw new Error('the sandbox did not show its step controls and CPU grid');
  const fig = (xs: Startup[], k: keyof Startup) => {
    const v = xs.map((x) => x[k]);
    return `${pct(v, 0.5).toFixed(1)} ms (p25 ${pct(v, 0.25).toFixed(1)}, p75 ${pct(v, 0.75).toFixed(1)})`;
  };
  const interactive = (xs: Startup[]) => xs.map((x) => x.interactive);
  const ratio = (xs: Startup[]) => {
    const [lo, hi] = ratioInterval(interactive(xs), interactive(empty));
    const r = pct(interactive(xs), 0.5) / pct(interactive(empty), 0.5);
    return `${r.toFixed(2)}x (95% interval ${lo.toFixed(2)}-${hi.toFixed(2)})`;
  };
  console.log(`navigation -> interactive (${what}, n=${app.length} each, medians):`);
  console.log(`  sandbox (step controls, CPU grid, comparison, form): ${fig(app, 'interactive')}`);
  console.log(`  empty Svelte page built the same way:                 ${fig(empty, 'interactive')}`);
  console.log(`  the sandbox's first-screen DOM, no framework:         ${fig(dom, 'interactive')}`);
  console.log(
    `  ratio ${ratio(app)}; target: within 1.5x. mount() ends at ${fig(app, 'mounted')} vs ${fig(empty, 'mounted')}`,
  );
  console.log(`  the same DOM and CSS with no framework and no data: ${ratio(dom)} of the empty page`);
  // What is left for the sandbox itself once the app's frame is paid for.
  console.log(
    `  the app's frame alone (header, navigation, stylesheet; no screen), no framework: ${ratio(frame)} of the empty page`,
  );
}

/**
 * A page with the sandbox's first screen as the student sees it at its first frame (the DOM mount() made,
 * the app's stylesheet) but none of its script: one innerHTML and the same startup marks. What the
 * sandbox takes beyond it is the cost of its script (loading it, the first screen's data, building the
 * DOM with Svelte), not of the content. The DOM is read from the built app, its idle-time parts held back.
 */
async function buildDomOnlyPages(
  browser: Browser,
  appDir: string,
  appUrl: string,
): Promise<{ dom: string; frame: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    // The parts loaded when the window is idle come after the first frame; keep them out of the copy.
    await context.addInitScript({
      content: 'globalThis.__name = (f) => f; window.requestIdleCallback = () => 0;',
    });
    const page = await context.newPage();
    await installApi(page, {
      labsDir: join(ROOT, 'labs'),
      userDataDir: mkdtempSync(join(tmpdir(), 'fp-bench-')),
    });
    await startup(page, `${appUrl}#/sandbox`);
    const html = await page.evaluate(() => document.getElementById('app')?.innerHTML ?? '');
    if (!html.includes('Next') || !html.includes('grid') || html.includes('>Timeline</h3>')) {
      throw new Error("the copy of the sandbox's first screen is not what its first frame shows");
    }
    const frameHtml = await page.evaluate(() => {
      const copy = document.getElementById('app')?.cloneNode(true) as HTMLElement | undefined;
      const main = copy?.querySelector('main');
      if (!copy || !main) return '';
      main.replaceChildren();
      return copy.innerHTML;
    });
    if (!frameHtml.includes('<nav') || frameHtml.includes('Next')) {
      throw new Error("the copy of the app's frame is not its header without a screen");
    }
    const index = readFileSync(join(appDir, 'index.html'), 'utf8')
      .replace(/<script type="application\/json"[^]*?<\/script>/, '')
      .replace(/src="\.\/assets\/index-[^"]+\.js"/, 'src="./assets/dom-only.js"');
    if (!index.includes('dom-only.js')) throw new Error('index.html has no module script to replace');
    const pageOf = (body: string): string => {
      const dir = mkdtempSync(join(tmpdir(), 'fp-dom-'));
      cpSync(appDir, dir, { recursive: true });
      // The same marks as src/renderer/src/lib/startup-marks.ts markStartup(), right after the DOM is in.
      writeFileSync(
        join(dir, 'assets', 'dom-only.js'),
        `document.getElementById('app').innerHTML = ${JSON.stringify(body)};
performance.mark(${JSON.stringify(MOUNTED)});
requestAnimationFrame(() => setTimeout(() => performance.mark(${JSON.stringify(FIRST_FRAME)}), 0));\n`,
      );
      writeFileSync(join(dir, 'index.html'), index);
      return dir;
    };
    return { dom: pageOf(html), frame: pageOf(frameHtml) };
  } finally {
    await context.close();
  }
}

/** The main-thread time of `n` traced launches of each page, by kind of work (bench/startup-phases.ts). */
async function comparePhases(
  browser: Browser,
  page: Page,
  appUrl: string,
  emptyUrl: string,
  n = 10,
): Promise<void> {
  const traced = async (url: string): Promise<Record<Kind, number>> => {
    await page.goto('about:blank');
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'],
    });
    await startup(page, url);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const phases = attribute(trace.traceEvents, FIRST_FRAME);
    if (!phases) throw new Error(`the trace of ${url} has no navigation and ${FIRST_FRAME} mark`);
    return phases;
  };
  const app: Record<Kind, number>[] = [];
  const empty: Record<Kind, number>[] = [];
  for (let i = 0; i < n; i++) {
    app.push(await traced(`${appUrl}#/sandbox`));
    empty.push(await traced(emptyUrl));
  }
  console.log(
    `where the main thread's time goes, navigation -> interactive (later launches, traced, n=${n} each, medians in ms;`,
  );
  console.log('  tracing slows every load, so read the difference column, not the totals above):');
  console.log(
    `  ${'kind of work'.padEnd(32)} ${'sandbox'.padStart(8)} ${'empty'.padStart(8)} ${'difference'.padStart(11)}`,
  );
  const median = (xs: Record<Kind, number>[], kind: Kind) =>
    pct(
      xs.map((x) => x[kind]),
      0.5,
    );
  for (const kind of ALL_KINDS) {
    const a = median(app, kind);
    const e = median(empty, kind);
    const d = a - e;
    console.log(
      `  ${kind.padEnd(32)} ${a.toFixed(1).padStart(8)} ${e.toFixed(1).padStart(8)} ${`${d >= 0 ? '+' : ''}${d.toFixed(1)}`.padStart(11)}`,
    );
  }
}

export async function benchUi(): Promise<void> {
  console.log('\n== UI in Chromium ==');
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set FLUSHPOINT_CHROMIUM)`);
    return;
  }
  const built = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) {
    console.log(`skipped: the renderer did not build\n${built.stderr}`);
    return;
  }
  const emptyOut = mkdtempSync(join(tmpdir(), 'fp-empty-'));
  await build({
    root: join(ROOT, 'bench', 'empty-page'),
    base: './',
    logLevel: 'silent',
    configFile: false,
    plugins: [svelte({ configFile: false })],
    build: { outDir: emptyOut, emptyOutDir: true },
  });
  const appOut = join(ROOT, 'out', 'renderer');
  const app = await serveStatic(appOut);
  const empty = await serveStatic(emptyOut);
  const appCached = await serveStatic(appOut, { cacheAssets: true });
  const emptyCached = await serveStatic(emptyOut, { cacheAssets: true });
  const servers = [app, empty, appCached, emptyCached];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const domOnly = await buildDomOnlyPages(browser, appOut, app.url);
    const dom = await serveStatic(domOnly.dom);
    const domCached = await serveStatic(domOnly.dom, { cacheAssets: true });
    const frame = await serveStatic(domOnly.frame);
    const frameCached = await serveStatic(domOnly.frame, { cacheAssets: true });
    servers.push(dom, domCached, frame, frameCached);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    // tsx (esbuild keepNames) wraps functions passed to evaluate in __name(); give the page a no-op one.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    const userDataDir = mkdtempSync(join(tmpdir(), 'fp-bench-'));
    await installApi(page, { labsDir: join(ROOT, 'labs'), userDataDir });

    // Frame times first: they are absolute figures, and a shared VM can run slower after the minutes of
    // full load the startup loads below make (this 2-vCPU one then dropped a frame in ten, where it did
    // not before them). The startup figures are ratios of loads taken in turn, which that moves less.
    await playFrames(page, app.url);

    // Time to interactive: a first launch (nothing cached), then later launches (the content-hashed
    // scripts cached with their compiled code, as app:// gives the app on later launches).
    await compareStartup(
      page,
      { app: app.url, empty: empty.url, dom: dom.url, frame: frame.url },
      'first launch, nothing cached',
    );
    await compareStartup(
      page,
      { app: appCached.url, empty: emptyCached.url, dom: domCached.url, frame: frameCached.url },
      'later launches, scripts cached',
    );
    await comparePhases(browser, page, appCached.url, emptyCached.url);
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
  }
}

/** Frame times while a 256-CPU kexec plays at 60 steps/s, then the work of one step. */
async function playFrames(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/sandbox`);
  await page.getByRole('spinbutton', { name: 'CPUs' }).fill('256');
  await page.getByRole('button', { name: 'Step through' }).click();
  await page.getByLabel('Speed').selectOption('60');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    w.__frames = [];
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (w.__frames.length < 100_000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(5000); // a benchmark's measuring window, not a test wait
  const frames = (await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames)).slice(5);
  const step = await page
    .getByText(/^Step \d+ of \d+$/)
    .first()
    .textContent();
  console.log(
    `playing a 256-CPU kexec at 60 steps/s for 5 s (${step}): ${frames.length} frames, median ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms (frame interval; 16.7 ms is one vsync)`,
  );
  // The work of one step (Svelte update, style, layout) on 256 CPUs, measured synchronously per step.
  await page.getByRole('button', { name: 'Pause' }).click();
  const work = await page.evaluate(async () => {
    const next = [...document.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Next'),
    ) as HTMLButtonElement;
    const out: number[] = [];
    for (let i = 0; i < 150 && !next.disabled; i++) {
      const t0 = performance.now();
      next.click();
      await Promise.resolve();
      await Promise.resolve();
      void document.body.offsetHeight;
      out.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return out;
  });
  console.log(
    `one step on 256 CPUs (update + style + layout, n=${work.length}): median ${pct(work, 0.5).toFixed(1)} ms, p95 ${pct(work, 0.95).toFixed(1)} ms (target: p95 < 16 ms)`,
  );
}
